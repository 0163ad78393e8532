import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const qualityCallsMigration: ServerMigration = {
  id: '20261130150000_quality_calls',
  // One row per sampled week (its id derives from the week, so two leads drawing it meet on one
  // row); the calls travel with it as JSON.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE quality_weeks (
        id TEXT PRIMARY KEY,
        week TEXT NOT NULL UNIQUE,
        share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
        closed_tickets INTEGER NOT NULL CHECK (closed_tickets >= 0),
        sampled_at ${t.instant} NOT NULL,
        sampled_by TEXT NOT NULL REFERENCES users(id),
        calls_json TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX tickets_closed_at ON tickets(closed_at)`,
    ];
  },
};
