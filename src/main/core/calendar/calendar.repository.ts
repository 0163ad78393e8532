import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';
import { defaultSupportCalendar } from '../../../shared/domain/index.ts';
import { supportCalendarId, syncedSupportCalendarSchema, type SyncedSupportCalendar } from '../../../shared/sync/entities.ts';

type Row = { id: string; revision: number; calendar_json: string; updated_at: string; updated_by: string | null };

/** The replica's support calendar row, or null before the API has sent one. */
export const readStoredSupportCalendar = (sqlite: BetterSqlite3.Database): SyncedSupportCalendar | null => {
  const row = prepared<[string], Row>(sqlite, 'SELECT * FROM support_calendar WHERE id = ?').get(supportCalendarId);
  if (!row) return null;
  return syncedSupportCalendarSchema.parse({
    id: row.id,
    revision: row.revision,
    calendar: JSON.parse(row.calendar_json),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  });
};

/**
 * The calendar this console works with: the API's latest it has pulled (or a lead's own edit not
 * yet sent), else the built-in one, which is the API's first version too.
 */
export const readSupportCalendar = (sqlite: BetterSqlite3.Database): SyncedSupportCalendar =>
  readStoredSupportCalendar(sqlite) ?? { id: supportCalendarId, revision: 0, calendar: defaultSupportCalendar, updatedAt: '2026-11-21T00:00:00.000Z', updatedBy: null };
