import { typesFor, type ServerMigration } from './migration-sql.ts';

/** The intake account's id (intake-actor.ts `intakeActorId`), frozen. */
const automaticChannelsActorId = '0193a1c0-ca1e-7da7-8000-000000000002';

/** Immutable once committed: a change is a new migration. */
export const intakeChannelsMigration: ServerMigration = {
  id: '20261130190000_intake_channels',
  // Requests that arrive by themselves: per-customer keys for the vendor's J2K software (only
  // their hash is kept), the request id J2K sends (one ticket per id and customer), and the
  // account those tickets are opened by (disabled, no password, never synced).
  statements: (dialect) => {
    const t = typesFor(dialect);
    const seededAt = '2026-11-30T00:00:00.000Z';
    return [
      `INSERT INTO users (id, email, display_name, role, password_hash, disabled, created_at, updated_at)
       VALUES ('${automaticChannelsActorId}', 'canali-automatici@presidio.invalid', 'Canali automatici', 'technician', '!', 1, '${seededAt}', '${seededAt}')`,
      `CREATE TABLE intake_keys (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        label TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at ${t.instant} NOT NULL,
        revoked_at ${t.instant},
        revoked_by TEXT REFERENCES users(id),
        last_used_at ${t.instant},
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )${t.strict}`,
      `CREATE INDEX intake_keys_customer ON intake_keys(customer_id)`,
      `ALTER TABLE tickets ADD COLUMN external_ref TEXT`,
      `CREATE UNIQUE INDEX tickets_external_ref ON tickets(channel, external_ref) WHERE external_ref IS NOT NULL`,
    ];
  },
};
