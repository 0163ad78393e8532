import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { HostResponse } from '../../../shared/host-api/contract.ts';
import { qualityWeekBounds, qualityWeekId } from '../../../shared/review/quality-calls.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { listTeam } from '../users/user.repository.ts';
import { readCallDetails, readQualityWeek } from './quality.repository.ts';

/** A week's quality-call list from the replica, with what the lead needs to dial and who called. */
export const readQualityWeekView = async (sqlite: BetterSqlite3.Database, db: Kysely<LocalDatabase>, week: string): Promise<HostResponse<'quality.week'>> => {
  const { monday, sunday } = qualityWeekBounds(week);
  const sample = readQualityWeek(sqlite, qualityWeekId(week));
  if (!sample) return { week, monday, sunday, sample: null };
  const names = new Map((await listTeam(db)).map((member) => [member.id, member.displayName]));
  const details = readCallDetails(sqlite, sample.calls.map((call) => call.ticketId));
  return {
    week,
    monday,
    sunday,
    sample: {
      sharePercent: sample.sharePercent,
      closedTickets: sample.closedTickets,
      sampledAt: sample.sampledAt,
      sampledByName: names.get(sample.sampledBy) ?? null,
      calls: sample.calls.map((call) => {
        const ticket = details.get(call.ticketId);
        return {
          ...call,
          ticketNumber: ticket?.number ?? '—',
          subject: ticket?.subject ?? '',
          customerName: ticket?.customerName ?? '—',
          customerPhone: ticket?.customerPhone ?? null,
          formRating: ticket?.formRating ?? null,
          calledByName: call.calledBy ? (names.get(call.calledBy) ?? null) : null,
        };
      }),
    },
  };
};
