import type { Kysely } from 'kysely';
import { qualityWeekRowToWire } from '../../shared/review/quality-calls.ts';
import { billingPolicyRowToWire, supportCalendarRowToWire, type SyncEntity } from '../../shared/sync/entities.ts';
import { contractRowToWire, customerRowToWire, deviceRowToWire, interventionRowToWire, ticketRowToWire } from '../db/row-mappers.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';
import { ticketMessageRowToWire } from '../../shared/conversation/ticket-message.ts';
import { workReportRowToWire } from '../../shared/work-report/work-report.ts';
import { callRowToWire } from '../../shared/channels/calls.ts';

/** Reads one row in the shape it travels to the consoles; null when it no longer exists. */
type Db = Kysely<ServerDatabase>;

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
    case 'billing_policy':
      return (await db.selectFrom('billing_policy').selectAll().where('id', 'in', ids).execute()).map(billingPolicyRowToWire);
    case 'call':
      return (await db.selectFrom('calls').selectAll().where('id', 'in', ids).execute()).map(callRowToWire);
    case 'work_report':
      return (await db.selectFrom('work_reports').selectAll().where('id', 'in', ids).execute()).map(workReportRowToWire);
    case 'ticket_message':
      return (await db.selectFrom('ticket_messages').selectAll().where('id', 'in', ids).execute()).map(ticketMessageRowToWire);
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
