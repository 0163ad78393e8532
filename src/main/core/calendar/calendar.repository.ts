import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';
import { defaultSupportCalendar } from '../../../shared/domain/index.ts';
import { supportCalendarId, supportCalendarRowToWire, type SupportCalendarRecordRow, type SyncedSupportCalendar } from '../../../shared/sync/entities.ts';

/** The replica's support calendar row, or null before the API has sent one. */
export const readStoredSupportCalendar = (sqlite: BetterSqlite3.Database): SyncedSupportCalendar | null => {
  const row = prepared<[string], SupportCalendarRecordRow>(sqlite, 'SELECT * FROM support_calendar WHERE id = ?').get(supportCalendarId);
  return row ? supportCalendarRowToWire(row) : null;
};

/**
 * The calendar this console works with: the API's latest it has pulled (or a lead's own edit not
 * yet sent), else the built-in one, which is the API's first version too.
 */
export const readSupportCalendar = (sqlite: BetterSqlite3.Database): SyncedSupportCalendar =>
  readStoredSupportCalendar(sqlite) ?? { id: supportCalendarId, revision: 0, calendar: defaultSupportCalendar, updatedAt: '2026-11-21T00:00:00.000Z', updatedBy: null };
