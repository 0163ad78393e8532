import type { Kysely } from 'kysely';
import type { HourBank } from '../../shared/domain/index.ts';
import { billingFiguresSchema, type SyncEntity, type SyncedRow } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';

/** Reads one row in the shape it travels to the consoles; null when it no longer exists. */
type Db = Kysely<ServerDatabase>;

export const readHourBank = async (db: Db, customerId: string): Promise<SyncedRow<'hour_bank'> & HourBank> => {
  const [packages, ledger] = await Promise.all([
    db.selectFrom('hour_bank_packages').selectAll().where('customer_id', '=', customerId).orderBy('purchased_on').execute(),
    db
      .selectFrom('hour_bank_ledger')
      .select(['source', 'package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
      .where('customer_id', '=', customerId)
      .groupBy(['source', 'package_id'])
      .execute(),
  ]);
  const balance = (source: 'free' | 'package', packageId: string | null) =>
    Number(ledger.find((row) => row.source === source && row.package_id === packageId)?.minutes ?? 0);
  return {
    customerId,
    freeMinutes: Math.max(0, balance('free', null)),
    packages: packages.map((item) => ({
      id: item.id,
      totalMinutes: item.minutes,
      remainingMinutes: Math.max(0, item.minutes + balance('package', item.id)),
      purchasedOn: item.purchased_on,
      ...(item.expires_on ? { expiresOn: item.expires_on } : {}),
    })),
  };
};

export const interventionRowToWire = (row: ServerDatabase['interventions']): SyncedRow<'intervention'> => ({
  id: row.id,
  ticketId: row.ticket_id,
  technicianId: row.technician_id,
  deviceId: row.device_id,
  mode: row.mode,
  activity: row.activity,
  backupCheck: row.backup_check,
  status: row.status,
  notes: row.notes,
  approved: row.approved === 1,
  startedAt: row.started_at,
  stoppedAt: row.stopped_at,
  billing: row.billing_json ? billingFiguresSchema.parse(JSON.parse(row.billing_json)) : null,
  reviewReason: row.review_reason,
});

export const ticketRowToWire = (row: ServerDatabase['tickets']): SyncedRow<'ticket'> => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  channel: row.channel,
  subject: row.subject,
  description: row.description,
  priority: row.priority,
  status: row.status,
  blocking: row.blocking === 1,
  cause: row.cause,
  resolution: row.resolution,
  assigneeId: row.assignee_id,
  openedAt: row.opened_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
});

export const customerRowToWire = (row: ServerDatabase['customers']): SyncedRow<'customer'> => ({
  id: row.id,
  code: row.code,
  name: row.name,
  vatNumber: row.vat_number,
  email: row.email,
  phone: row.phone,
  city: row.city,
});

export const deviceRowToWire = (row: ServerDatabase['devices']): SyncedRow<'device'> => ({
  id: row.id,
  customerId: row.customer_id,
  model: row.model,
  serial: row.serial,
  purchaseDate: row.purchase_date,
  warrantyMonths: row.warranty_months,
});

export const readSnapshot = async (db: Db, entity: SyncEntity, id: string): Promise<Record<string, unknown> | null> => {
  switch (entity) {
    case 'user': {
      const row = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role']).where('id', '=', id).executeTakeFirst();
      return row ? { id: row.id, email: row.email, displayName: row.display_name, role: row.role } : null;
    }
    case 'customer': {
      const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? customerRowToWire(row) : null;
    }
    case 'contract': {
      const row = await db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { id: row.id, customerId: row.customer_id, kind: row.kind, validFrom: row.valid_from, validTo: row.valid_to } : null;
    }
    case 'device': {
      const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? deviceRowToWire(row) : null;
    }
    case 'ticket': {
      const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ticketRowToWire(row) : null;
    }
    case 'intervention': {
      const row = await db.selectFrom('interventions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? interventionRowToWire(row) : null;
    }
    case 'timer_segment': {
      const row = await db.selectFrom('timer_segments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { id: row.id, interventionId: row.intervention_id, startedAt: row.started_at, endedAt: row.ended_at } : null;
    }
    case 'repair': {
      const row = await db.selectFrom('repairs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? repairRowToWire(row) : null;
    }
    case 'hour_bank': {
      const customer = await db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst();
      return customer ? await readHourBank(db, id) : null;
    }
  }
};
