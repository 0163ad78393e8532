import type { Kysely } from 'kysely';
import type { HourBank } from '../../shared/domain/index.ts';
import { defaultSupportCalendar, type SupportCalendar } from '../../shared/domain/index.ts';
import { qualityWeekRowToWire } from '../../shared/review/quality-calls.ts';
import { billingFiguresSchema, supportCalendarId, supportCalendarRowToWire, type SyncEntity, type SyncedRow } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';

/** Reads one row in the shape it travels to the consoles; null when it no longer exists. */
type Db = Kysely<ServerDatabase>;

export const readHourBank = async (db: Db, customerId: string): Promise<SyncedRow<'hour_bank'> & HourBank> => {
  const [packages, ledger] = await Promise.all([
    db.selectFrom('hour_bank_packages').selectAll().where('customer_id', '=', customerId).orderBy('purchased_on').orderBy('id').execute(),
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
  warrantyReview: row.warranty_review,
});

const contractRowToWire = (row: ServerDatabase['contracts']): SyncedRow<'contract'> => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  validFrom: row.valid_from,
  validTo: row.valid_to,
});

/** The calendar billing and the desk use now (the built-in one only if the row were ever missing). */
export const readSupportCalendar = async (db: Db): Promise<SupportCalendar> => {
  const row = await db.selectFrom('support_calendar').selectAll().where('id', '=', supportCalendarId).executeTakeFirst();
  return row ? supportCalendarRowToWire(row).calendar : defaultSupportCalendar;
};

/** Rows of one entity by id, in the shape they travel to the consoles (a missing id is absent). */
const readRows = async (db: Db, entity: SyncEntity, ids: readonly string[]): Promise<Array<{ id: string } & Record<string, unknown>>> => {
  switch (entity) {
    case 'user':
      return (await db.selectFrom('users').select(['id', 'email', 'display_name', 'role']).where('id', 'in', ids).execute()).map((row) => ({
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
      }));
    case 'customer':
      return (await db.selectFrom('customers').selectAll().where('id', 'in', ids).execute()).map(customerRowToWire);
    case 'contract':
      return (await db.selectFrom('contracts').selectAll().where('id', 'in', ids).execute()).map(contractRowToWire);
    case 'device':
      return (await db.selectFrom('devices').selectAll().where('id', 'in', ids).execute()).map(deviceRowToWire);
    case 'ticket':
      return (await db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute()).map(ticketRowToWire);
    case 'intervention':
      return (await db.selectFrom('interventions').selectAll().where('id', 'in', ids).execute()).map(interventionRowToWire);
    case 'timer_segment':
      return (await db.selectFrom('timer_segments').selectAll().where('id', 'in', ids).execute()).map((row) => ({
        id: row.id,
        interventionId: row.intervention_id,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        awaitingConfirmation: row.awaiting_confirmation === 1,
      }));
    case 'repair':
      return (await db.selectFrom('repairs').selectAll().where('id', 'in', ids).execute()).map(repairRowToWire);
    case 'quality_week':
      return (await db.selectFrom('quality_weeks').selectAll().where('id', 'in', ids).execute()).map(qualityWeekRowToWire);
    case 'feedback':
      return (
        await db.selectFrom('feedback_requests').select(['id', 'ticket_id', 'rating', 'comment', 'submitted_at']).where('id', 'in', ids).execute()
      ).flatMap((row) =>
        row.rating !== null && row.submitted_at !== null
          ? [{ id: row.id, ticketId: row.ticket_id, rating: row.rating, comment: row.comment ?? '', submittedAt: row.submitted_at }]
          : [],
      );
    case 'support_calendar':
      return (await db.selectFrom('support_calendar').selectAll().where('id', 'in', ids).execute()).map(supportCalendarRowToWire);
    case 'hour_bank': {
      const customers = await db.selectFrom('customers').select('id').where('id', 'in', ids).execute();
      const banks = [];
      for (const customer of customers) banks.push(await readHourBank(db, customer.id));
      return banks.map((bank) => ({ ...bank, id: bank.customerId }));
    }
  }
};

/**
 * Reads rows in the shape they travel to the consoles: one query per entity and few hundred ids
 * (a pushed batch changes thousands of rows). Null for a row that no longer exists.
 */
export const readSnapshots = async (db: Db, refs: ReadonlyArray<{ entity: SyncEntity; id: string }>): Promise<Map<string, Record<string, unknown> | null>> => {
  const found = new Map<string, Record<string, unknown> | null>();
  const byEntity = new Map<SyncEntity, string[]>();
  for (const ref of refs) {
    found.set(`${ref.entity}:${ref.id}`, null);
    const ids = byEntity.get(ref.entity) ?? [];
    if (ids.length === 0) byEntity.set(ref.entity, ids);
    ids.push(ref.id);
  }
  for (const [entity, ids] of byEntity) {
    for (let start = 0; start < ids.length; start += 300) {
      for (const row of await readRows(db, entity, ids.slice(start, start + 300))) {
        if (entity === 'hour_bank') {
          const { id: _id, ...bank } = row;
          found.set(`${entity}:${row.id}`, bank);
        } else {
          found.set(`${entity}:${row.id}`, row);
        }
      }
    }
  }
  return found;
};

export const readSnapshot = async (db: Db, entity: SyncEntity, id: string): Promise<Record<string, unknown> | null> =>
  (await readSnapshots(db, [{ entity, id }])).get(`${entity}:${id}`) ?? null;
