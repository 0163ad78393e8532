import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const consolePresenceMigration: ServerMigration = {
  id: '20261130160000_console_presence',
  // When each console last pulled and how many commands it still held: the lead's view of the team's consoles.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [`ALTER TABLE sync_clients ADD COLUMN last_pull_at ${t.instant}`, `ALTER TABLE sync_clients ADD COLUMN pending_commands INTEGER`];
  },
};
