import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The support calendar as the central API last sent it (one row, its revision and the
 * whole calendar as JSON): the desk status, waiting times and provisional billing read it. No row
 * yet means the built-in calendar, which is also the API's first version.
 */
export const supportCalendarMigration: Migration = {
  id: '20261130140000_support_calendar',
  sql: `
CREATE TABLE support_calendar (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  calendar_json TEXT NOT NULL CHECK (json_valid(calendar_json)),
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
`,
};
