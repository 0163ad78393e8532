import type BetterSqlite3 from 'better-sqlite3';
import { qualityWeekBounds, qualityWeekRowToWire, sampledCustomers, type QualityCandidate, type QualityWeekRecordRow, type SyncedQualityWeek } from '../../../shared/review/quality-calls.ts';
import type { QualityCandidates } from '../../../shared/sync/model/command-view.ts';
import { prepared } from '../db/prepared.ts';

/** A week's sample as this replica holds it, or null when it has not been drawn (or not pulled yet). */
export const readQualityWeek = (sqlite: BetterSqlite3.Database, id: string): SyncedQualityWeek | null => {
  const row = prepared<[string], QualityWeekRecordRow>(sqlite, 'SELECT * FROM quality_weeks WHERE id = ?').get(id);
  return row ? qualityWeekRowToWire(row) : null;
};

/** What a sample is drawn from, read from the replica: the same question the API asks its database. */
export const readQualityCandidates = (sqlite: BetterSqlite3.Database, week: string): QualityCandidates => {
  const { closedFrom, closedBefore, quietFromWeek } = qualityWeekBounds(week);
  const candidates = prepared<[string, string], QualityCandidate>(
    sqlite,
    `SELECT id AS ticketId, customer_id AS customerId, closed_at AS closedAt FROM tickets
     WHERE status = 'closed' AND closed_at >= ? AND closed_at < ? ORDER BY id`,
  ).all(closedFrom, closedBefore);
  const earlier = prepared<[string, string], { calls_json: string }>(sqlite, 'SELECT calls_json FROM quality_weeks WHERE week >= ? AND week < ?').all(quietFromWeek, week);
  return { candidates, recentlySampledCustomers: sampledCustomers(earlier.map((row) => row.calls_json)) };
};

type CallDetails = { ticketId: string; number: string; subject: string; customerName: string; customerPhone: string | null; formRating: number | null };

/** Ticket number, subject and the customer's name and phone for the calls of a list: what the lead dials from. */
export const readCallDetails = (sqlite: BetterSqlite3.Database, ticketIds: readonly string[]): Map<string, CallDetails> => {
  const statement = prepared<[string], CallDetails>(
    sqlite,
    `SELECT t.id AS ticketId, t.number, t.subject, c.name AS customerName, c.phone AS customerPhone,
       (SELECT f.rating FROM ticket_feedback f WHERE f.ticket_id = t.id ORDER BY f.submitted_at DESC LIMIT 1) AS formRating
     FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?`,
  );
  const found = new Map<string, CallDetails>();
  for (const id of ticketIds) {
    const row = statement.get(id);
    if (row) found.set(id, row);
  }
  return found;
};
