import type { Migration } from '../migration.types.ts';

/**
 * Immutable. What "nothing wedges, nothing vanishes" needs locally: the review flag on implausible
 * times, failed push attempts per command (a command the server keeps failing on is parked), the
 * rows whose server version must still be restored after a rejection (durable, retried), and the
 * pulled rows this replica could not store (quarantined, shown, never blocking the cursor).
 */
export const syncTrustMigration: Migration = {
  id: '20261130090000_sync_trust',
  sql: `
ALTER TABLE interventions ADD COLUMN review_reason TEXT;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);

CREATE TABLE pending_restores (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT;

CREATE TABLE sync_quarantine (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT,
  error TEXT NOT NULL,
  quarantined_at TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT;
`,
};
