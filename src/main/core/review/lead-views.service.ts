import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { billingMonthBounds } from '../../../shared/domain/billing-period.ts';
import { summarizeQuality, type QualitySummary } from '../../../shared/review/quality-summary.ts';
import { qualityWeekRowToWire } from '../../../shared/review/quality-calls.ts';
import { summarizeWorkload, type Workload } from '../../../shared/review/workload.ts';
import { summarizeHandling, type HandlingSummary } from '../../../shared/review/handling-times.ts';
import { readSupportCalendar } from '../calendar/calendar.repository.ts';
import type { LocalDatabase } from '../db/schema.ts';

/** «Carico per tecnico» from the replica: every ticket not closed, with who holds it. */
export const readWorkload = async (db: Kysely<LocalDatabase>, sqlite: BetterSqlite3.Database, now: Date): Promise<Workload> => {
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .select(['tickets.number', 'tickets.assignee_id', 'tickets.priority', 'tickets.status', 'tickets.opened_at', 'users.display_name'])
    .where('tickets.status', '!=', 'closed')
    .execute();
  const { calendar } = readSupportCalendar(sqlite);
  return summarizeWorkload(
    rows.flatMap((row) =>
      row.status === 'closed' ? [] : [{ number: row.number, assigneeId: row.assignee_id, assigneeName: row.display_name, priority: row.priority, status: row.status, openedAt: row.opened_at }],
    ),
    now,
    calendar,
  );
};

/**
 * «Qualità» of a month from the replica: the feedback answers and the quality calls about the
 * tickets closed that month, each the technician's who held the ticket.
 */
export const readQualitySummary = async (db: Kysely<LocalDatabase>, month: string): Promise<QualitySummary> => {
  const { from, to } = billingMonthBounds(month);
  const closed = await db
    .selectFrom('tickets')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .select(['tickets.id', 'tickets.assignee_id', 'users.display_name'])
    .where('tickets.status', '=', 'closed')
    .where('tickets.closed_at', '>=', from)
    .where('tickets.closed_at', '<', to)
    .execute();
  const holder = new Map(closed.map((row) => [row.id, { technicianId: row.assignee_id, technicianName: row.display_name }]));
  const ids = [...holder.keys()];
  const answers = ids.length === 0 ? [] : await db.selectFrom('ticket_feedback').select(['ticket_id', 'rating']).where('ticket_id', 'in', ids).execute();
  // A week's sample holds tickets closed in that week; the weeks around the month cover every one.
  const weeks = await db.selectFrom('quality_weeks').selectAll().where('sampled_at', '>=', from).execute();
  const calls = weeks.flatMap((row) => qualityWeekRowToWire(row).calls);
  return summarizeQuality(
    month,
    answers.flatMap((answer) => {
      const held = holder.get(answer.ticket_id);
      return held ? [{ ...held, rating: answer.rating }] : [];
    }),
    calls.flatMap((call) => {
      const held = holder.get(call.ticketId);
      return held ? [{ ...held, outcome: call.outcome, rating: call.rating }] : [];
    }),
  );
};

/** «Tempi di gestione» of a month from the replica: the tickets closed in it, per priority, against the calendar's targets. */
export const readHandlingSummary = async (db: Kysely<LocalDatabase>, sqlite: BetterSqlite3.Database, month: string): Promise<HandlingSummary> => {
  const { from, to } = billingMonthBounds(month);
  const rows = await db
    .selectFrom('tickets')
    .select(['priority', 'opened_at', 'taken_at', 'closed_at'])
    .where('status', '=', 'closed')
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .execute();
  const { calendar } = readSupportCalendar(sqlite);
  return summarizeHandling(
    month,
    rows.map((row) => ({ priority: row.priority, openedAt: row.opened_at, takenAt: row.taken_at, closedAt: row.closed_at })),
    calendar,
  );
};
