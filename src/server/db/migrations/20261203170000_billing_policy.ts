import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const billingPolicyMigration: ServerMigration = {
  id: '20261203170000_billing_policy',
  // The billing policy as versioned data an admin edits (rate, VAT, minimum, fraction, J-System
  // minutes, transport fee, each version from a day); one row like the support calendar, created
  // by the first change (until then the built-in policy applies). Every change is audited.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE billing_policy (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        versions_json TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL,
        updated_by TEXT REFERENCES users(id)
      )${t.strict}`,
    ];
  },
};
