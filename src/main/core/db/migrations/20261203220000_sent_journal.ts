import type { Migration } from '../migration.types.ts';

/**
 * Immutable. Commands the API applied are kept for 30 days after they leave the outbox: if the API
 * is restored from a backup older than them, the console sends them again, under their own ids
 * (the API then has them once, never twice).
 */
export const sentJournalMigration: Migration = {
  id: '20261203220000_sent_journal',
  sql: `
CREATE TABLE sent_commands (
  mutation_id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
CREATE INDEX sent_commands_applied ON sent_commands(applied_at);
`,
};
