import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { withStatementCache } from '../../../shared/db/statement-cache.ts';
import { migrations } from './migrations/index.ts';
import { migrate } from './migrator.ts';
import type { LocalDatabase } from './schema.ts';
import { setTicketIndexing } from './ticket-indexing.ts';

export type LocalDb = {
  sqlite: BetterSqlite3.Database;
  db: Kysely<LocalDatabase>;
  close: () => Promise<void>;
};

/**
 * Opens the console's local cache. `synchronous=FULL` because billable time must survive a
 * power cut; WAL so reads never wait for the writer.
 */
export const openLocalDatabase = (file: string): LocalDb => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Freed space is zeroed: data the API erased (a person's, on request) leaves the file too.
    sqlite.pragma('secure_delete = ON');
    migrate(sqlite, migrations);
    setTicketIndexing(sqlite, true);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<LocalDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    sqlite,
    db,
    // Kysely's destroy closes the handle only if Kysely ever opened a connection: close it anyway,
    // so the WAL is checkpointed and the file released whatever the session did.
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
};
