import type { Migration } from '../migration.types.ts';

/**
 * Immutable. Each week's quality-call sample as the central API keeps it: one row per week, the
 * calls (ticket, customer, outcome, rating, notes) as JSON, so the lead's list works offline.
 */
export const qualityCallsMigration: Migration = {
  id: '20261130150000_quality_calls',
  sql: `
CREATE TABLE quality_weeks (
  id TEXT PRIMARY KEY,
  week TEXT NOT NULL,
  share_percent INTEGER NOT NULL,
  closed_tickets INTEGER NOT NULL,
  sampled_at TEXT NOT NULL,
  sampled_by TEXT NOT NULL,
  calls_json TEXT NOT NULL CHECK (json_valid(calls_json))
) STRICT;
CREATE INDEX quality_weeks_week ON quality_weeks(week);
`,
};
