import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const staffAccountsMigration: ServerMigration = {
  id: '20261203200000_staff_accounts',
  // Accounts are managed on a screen: when an account was disabled (its sessions are revoked at
  // that instant; the owed work a console made before it is still accepted once), and one-use
  // links to choose a password (a new colleague's welcome, anyone's reset), kept as hashes only.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `ALTER TABLE users ADD COLUMN disabled_at ${t.instant}`,
      `ALTER TABLE sessions ADD COLUMN revoked_at ${t.instant}`,
      `CREATE TABLE password_links (
        token_hash TEXT PRIMARY KEY,
        account TEXT NOT NULL CHECK (account IN ('staff', 'customer')),
        account_id TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('welcome', 'reset')),
        created_at ${t.instant} NOT NULL,
        expires_at ${t.instant} NOT NULL,
        used_at ${t.instant}
      )${t.strict}`,
      `CREATE INDEX password_links_account ON password_links(account, account_id)`,
    ];
  },
};
