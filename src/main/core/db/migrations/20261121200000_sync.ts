import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The local cache becomes a replica of the central API: authoritative billing and
 * approval on interventions, hour banks, and the outbox's issue time. The one-running-timer
 * rule moves from an index to the timer service, because a pull must always apply (two consoles
 * of one technician may each have a running timer the server accepted).
 */
export const syncMigration: Migration = {
  id: '20261121200000_sync',
  sql: `
DROP INDEX interventions_one_running;
ALTER TABLE interventions ADD COLUMN device_id TEXT REFERENCES devices(id);
ALTER TABLE interventions ADD COLUMN approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1));
ALTER TABLE interventions ADD COLUMN billing_json TEXT;
ALTER TABLE outbox ADD COLUMN issued_at TEXT NOT NULL DEFAULT '';
CREATE TABLE hour_banks (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  data TEXT NOT NULL
) STRICT;
`,
};
