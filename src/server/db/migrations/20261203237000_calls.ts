import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const callsMigration: ServerMigration = {
  id: '20261203237000_calls',
  // Who is calling (issue 25): the PBX's call events, one row per call of an installation (its
  // own id of the call is unique per key, so a replayed event changes nothing), and the keys the
  // PBXs authenticate with (only their hash kept).
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE cti_keys (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_by TEXT REFERENCES users(id),
        created_at ${t.instant} NOT NULL,
        revoked_at ${t.instant},
        revoked_by TEXT REFERENCES users(id),
        last_used_at ${t.instant}
      )${t.strict}`,
      `CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL REFERENCES cti_keys(id),
        external_id TEXT NOT NULL,
        from_number TEXT,
        line TEXT NOT NULL CHECK (line IN ('main', 'weekend')),
        customer_id TEXT REFERENCES customers(id),
        state TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'ended', 'missed')),
        answered_by TEXT REFERENCES users(id),
        rang_at ${t.instant} NOT NULL,
        answered_at ${t.instant},
        ended_at ${t.instant},
        duration_seconds INTEGER CHECK (duration_seconds >= 0),
        UNIQUE (key_id, external_id)
      )${t.strict}`,
      `CREATE INDEX calls_customer ON calls(customer_id, rang_at)`,
    ];
  },
};
