import type BetterSqlite3 from 'better-sqlite3';
import { AppFailure } from '../../../shared/result.ts';
import type { Migration } from './migration.types.ts';

const ensureLedger = (sqlite: BetterSqlite3.Database): void => {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
  );
};

export const appliedMigrationIds = (sqlite: BetterSqlite3.Database): string[] => {
  ensureLedger(sqlite);
  return sqlite
    .prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY id')
    .all()
    .map((row) => row.id);
};

const assertForeignKeysHold = (sqlite: BetterSqlite3.Database, id: string): void => {
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`La migrazione ${id} lascerebbe ${broken.length} riferimenti non validi.`);
};

/**
 * Applies the pending migrations in order, each in its own transaction together with its
 * ledger row. Refuses a database that knows migrations this code does not: it was written by
 * a newer release, and running older code on it could corrupt it.
 */
export const migrate = (
  sqlite: BetterSqlite3.Database,
  all: readonly Migration[],
  now: () => Date = () => new Date(),
): { applied: string[] } => {
  const known = new Set(all.map((migration) => migration.id));
  const done = appliedMigrationIds(sqlite);
  const unknown = done.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppFailure(
      'database_newer_than_app',
      `Il database è stato aggiornato da una versione più recente di Presidio (${unknown.join(', ')}). Aggiorna l'applicazione.`,
    );
  }
  const doneSet = new Set(done);
  const applied: string[] = [];
  const sorted = [...all].sort((a, b) => a.id.localeCompare(b.id));
  for (const migration of sorted) {
    if (doneSet.has(migration.id)) continue;
    const foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
    // Dropping a referenced table with foreign keys on would delete or refuse its children.
    if (migration.rebuildsTables) sqlite.pragma('foreign_keys = OFF');
    try {
      sqlite.transaction(() => {
        sqlite.exec(migration.sql);
        if (migration.rebuildsTables) assertForeignKeysHold(sqlite, migration.id);
        sqlite
          .prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)')
          .run(migration.id, now().toISOString());
      })();
    } finally {
      if (migration.rebuildsTables) sqlite.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
    }
    applied.push(migration.id);
  }
  return { applied };
};
