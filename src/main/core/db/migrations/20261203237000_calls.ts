import type { Migration } from '../migration.types.ts';

/** Immutable. The desk's phone calls as the API tells them: who is calling now, and each customer's call log. */
export const callsMigration: Migration = {
  id: '20261203237000_calls',
  sql: `
CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  from_number TEXT,
  line TEXT NOT NULL CHECK (line IN ('main', 'weekend')),
  customer_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'ended', 'missed')),
  answered_by TEXT,
  rang_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT,
  duration_seconds INTEGER CHECK (duration_seconds >= 0)
) STRICT;
CREATE INDEX calls_rang ON calls(rang_at);
CREATE INDEX calls_customer ON calls(customer_id, rang_at);
`,
};
