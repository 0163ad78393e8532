import type BetterSqlite3 from 'better-sqlite3';
import { syncEntitySchemas, type SyncEntity, type SyncedRow } from '../../../shared/sync/entities.ts';
import type { Change } from '../../../shared/sync/protocol.ts';

/**
 * Writes pulled rows into the local replica with prepared statements (a pull can carry hundreds
 * of thousands of rows). Each row is validated against the wire schema first: a malformed row is
 * an error, never a half-written record.
 */
export const createPullApplier = (sqlite: BetterSqlite3.Database) => {
  const now = () => new Date().toISOString();
  const upserts = {
    user: sqlite.prepare(
      `INSERT INTO users (id, display_name, email, role) VALUES (@id, @displayName, @email, @role)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email, role = excluded.role`,
    ),
    customer: sqlite.prepare(
      `INSERT INTO customers (id, code, name, vat_number, email, phone, city, free_minutes, created_at, updated_at)
       VALUES (@id, @code, @name, @vatNumber, @email, @phone, @city, 0, @now, @now)
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, vat_number = excluded.vat_number,
         email = excluded.email, phone = excluded.phone, city = excluded.city, updated_at = excluded.updated_at`,
    ),
    contract: sqlite.prepare(
      `INSERT INTO contracts (id, customer_id, kind, valid_from, valid_to, created_at, updated_at)
       VALUES (@id, @customerId, @kind, @validFrom, @validTo, @now, @now)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, kind = excluded.kind,
         valid_from = excluded.valid_from, valid_to = excluded.valid_to, updated_at = excluded.updated_at`,
    ),
    device: sqlite.prepare(
      `INSERT INTO devices (id, customer_id, model, serial, purchase_date, warranty_months, created_at, updated_at)
       VALUES (@id, @customerId, @model, @serial, @purchaseDate, @warrantyMonths, @now, @now)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, model = excluded.model, serial = excluded.serial,
         purchase_date = excluded.purchase_date, warranty_months = excluded.warranty_months, updated_at = excluded.updated_at`,
    ),
    ticket: sqlite.prepare(
      `INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, cause,
         resolution, assignee_id, opened_at, updated_at, closed_at)
       VALUES (@id, @number, @customerId, @channel, @subject, @description, @priority, @status, @blocking, @cause,
         @resolution, @assigneeId, @openedAt, @updatedAt, @closedAt)
       ON CONFLICT (id) DO UPDATE SET number = excluded.number, customer_id = excluded.customer_id, channel = excluded.channel,
         subject = excluded.subject, description = excluded.description, priority = excluded.priority, status = excluded.status,
         blocking = excluded.blocking, cause = excluded.cause, resolution = excluded.resolution, assignee_id = excluded.assignee_id,
         opened_at = excluded.opened_at, updated_at = excluded.updated_at, closed_at = excluded.closed_at`,
    ),
    intervention: sqlite.prepare(
      `INSERT INTO interventions (id, ticket_id, technician_id, device_id, mode, activity, backup_check, status, notes, approved,
         billing_json, review_reason, started_at, stopped_at, created_at, updated_at)
       VALUES (@id, @ticketId, @technicianId, @deviceId, @mode, @activity, @backupCheck, @status, @notes, @approved,
         @billing, @reviewReason, @startedAt, @stoppedAt, @now, @now)
       ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, technician_id = excluded.technician_id,
         device_id = excluded.device_id, mode = excluded.mode, activity = excluded.activity, backup_check = excluded.backup_check,
         status = excluded.status, notes = excluded.notes, approved = excluded.approved, billing_json = excluded.billing_json, review_reason = excluded.review_reason,
         started_at = excluded.started_at, stopped_at = excluded.stopped_at, updated_at = excluded.updated_at`,
    ),
    timer_segment: sqlite.prepare(
      `INSERT INTO timer_segments (id, intervention_id, started_at, ended_at, heartbeat_at, needs_confirmation)
       VALUES (@id, @interventionId, @startedAt, @endedAt, coalesce(@endedAt, @startedAt), 0)
       ON CONFLICT (id) DO UPDATE SET intervention_id = excluded.intervention_id, started_at = excluded.started_at,
         ended_at = excluded.ended_at, heartbeat_at = max(timer_segments.heartbeat_at, excluded.heartbeat_at)`,
    ),
    hour_bank: sqlite.prepare(
      `INSERT INTO hour_banks (customer_id, data) VALUES (@customerId, @data)
       ON CONFLICT (customer_id) DO UPDATE SET data = excluded.data`,
    ),
    repair: sqlite.prepare(
      `INSERT INTO repairs (id, customer_id, device_id, ticket_id, reported_defect, diagnosis, parts, labour_minutes, restore_minutes,
         transport, status, received_on, warranty_covered, warranty_expires_on, labour_logged_at, restore_logged_at, billing_json, updated_at)
       VALUES (@id, @customerId, @deviceId, @ticketId, @reportedDefect, @diagnosis, @parts, @labourMinutes, @restoreMinutes,
         @transport, @status, @receivedOn, @warrantyCovered, @warrantyExpiresOn, @labourLoggedAt, @restoreLoggedAt, @billing, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, device_id = excluded.device_id, ticket_id = excluded.ticket_id,
         reported_defect = excluded.reported_defect, diagnosis = excluded.diagnosis, parts = excluded.parts,
         labour_minutes = excluded.labour_minutes, restore_minutes = excluded.restore_minutes, transport = excluded.transport,
         status = excluded.status, received_on = excluded.received_on, warranty_covered = excluded.warranty_covered,
         warranty_expires_on = excluded.warranty_expires_on, labour_logged_at = excluded.labour_logged_at,
         restore_logged_at = excluded.restore_logged_at, billing_json = excluded.billing_json, updated_at = excluded.updated_at`,
    ),
  } satisfies Record<SyncEntity, BetterSqlite3.Statement>;
  const freeMinutes = sqlite.prepare('UPDATE customers SET free_minutes = ? WHERE id = ?');
  // The server's row wins a natural key (ticket number, customer code, serial, e-mail) over a local,
  // not yet accepted row: that row's command will come back rejected and be listed for the technician.
  const naturalKeyClashes: Partial<Record<SyncEntity, BetterSqlite3.Statement>> = {
    ticket: sqlite.prepare('DELETE FROM tickets WHERE number = @number AND id != @id'),
    customer: sqlite.prepare('DELETE FROM customers WHERE code = @code AND id != @id'),
    device: sqlite.prepare('DELETE FROM devices WHERE serial = @serial AND id != @id'),
    user: sqlite.prepare('DELETE FROM users WHERE email = @email AND id != @id'),
  };
  const tables = {
    user: 'users',
    customer: 'customers',
    contract: 'contracts',
    device: 'devices',
    ticket: 'tickets',
    intervention: 'interventions',
    timer_segment: 'timer_segments',
    hour_bank: 'hour_banks',
    repair: 'repairs',
  } as const satisfies Record<SyncEntity, string>;
  const deletes = Object.fromEntries(
    Object.entries(tables).map(([entity, table]) => [
      entity,
      sqlite.prepare(`DELETE FROM ${table} WHERE ${table === 'hour_banks' ? 'customer_id' : 'id'} = ?`),
    ]),
  ) as Record<SyncEntity, BetterSqlite3.Statement>;

  const parameters = (entity: SyncEntity, data: unknown): Record<string, unknown> => {
    const row = syncEntitySchemas[entity].parse(data) as SyncedRow<SyncEntity>;
    const stamp = now();
    switch (entity) {
      case 'ticket': {
        const ticket = row as SyncedRow<'ticket'>;
        return { ...ticket, blocking: ticket.blocking ? 1 : 0 };
      }
      case 'intervention': {
        const intervention = row as SyncedRow<'intervention'>;
        return { ...intervention, approved: intervention.approved ? 1 : 0, billing: intervention.billing ? JSON.stringify(intervention.billing) : null, now: stamp };
      }
      case 'repair': {
        const repair = row as SyncedRow<'repair'>;
        return {
          ...repair,
          transport: repair.transport ? 1 : 0,
          warrantyCovered: repair.warrantyCovered ? 1 : 0,
          billing: repair.billing ? JSON.stringify(repair.billing) : null,
        };
      }
      case 'hour_bank': {
        const bank = row as SyncedRow<'hour_bank'>;
        return { customerId: bank.customerId, data: JSON.stringify(bank), freeMinutes: bank.freeMinutes };
      }
      default:
        return { ...row, now: stamp };
    }
  };

  /** Applies changes; the caller wraps a page in one transaction with the new cursor. */
  return (changes: readonly Change[]): void => {
    for (const change of changes) {
      const entity = change.entity as SyncEntity;
      if (change.op === 'delete' || change.data === null) {
        deletes[entity].run(change.id);
        continue;
      }
      const values = parameters(entity, change.data);
      if (entity === 'hour_bank') {
        upserts.hour_bank.run({ customerId: values['customerId'], data: values['data'] });
        freeMinutes.run(values['freeMinutes'], values['customerId']);
      } else {
        naturalKeyClashes[entity]?.run(values);
        upserts[entity].run(values);
      }
    }
  };
};
