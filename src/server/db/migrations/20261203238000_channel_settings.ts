import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const channelSettingsMigration: ServerMigration = {
  id: '20261203238000_channel_settings',
  // A channel's settings an admin enters (issue 25): what may be read in clear, the secrets the API
  // must present sealed (AES-256-GCM, the key outside the database), what only authenticates a
  // caller as a hash.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE channel_settings (
        channel TEXT PRIMARY KEY CHECK (channel IN ('whatsapp')),
        settings_json TEXT NOT NULL,
        secrets_sealed TEXT NOT NULL,
        verify_token_hash TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL,
        updated_by TEXT REFERENCES users(id)
      )${t.strict}`,
    ];
  },
};
