import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { AppFailure } from '../../shared/result.ts';
import { withStatementCache } from '../../shared/db/statement-cache.ts';
import { serverMigrations, type ServerDialect, type ServerMigration } from './migrations/index.ts';
import type { ServerDatabase } from './server-schema.ts';

export type ServerDb = {
  db: Kysely<ServerDatabase>;
  dialect: ServerDialect;
  close: () => Promise<void>;
  /** The PostgreSQL pool's connections, for the metrics (absent on SQLite: one connection). */
  poolStats?: () => { total: number; idle: number; waiting: number };
};

// Instants travel as UTC ISO strings and days as 'yyyy-MM-dd' in both engines.
const int8 = 20;
const date = 1082;
const timestamptz = 1184;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === timestamptz) return (value: string) => new Date(value).toISOString();
    if (oid === date) return (value: string) => value;
    if (oid === int8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** `migrations`: the schema to bring it to (all of them; an upgrade test stops one short). */
export const openServerDatabase = async (options: { databaseUrl?: string; dataDirectory: string; poolSize?: number; migrations?: readonly ServerMigration[] }): Promise<ServerDb> => {
  let server: ServerDb;
  if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types: pgTypes });
    // An idle connection dropped by PostgreSQL (restart, failover) must not crash the API: the pool reconnects.
    pool.on('error', (error) => console.warn(`Connessione PostgreSQL inattiva persa: ${error.message}`));
    const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    server = { db, dialect: 'postgres', close: () => db.destroy(), poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }) };
  } else {
    if (options.databaseUrl) throw new Error(`DATABASE_URL non supportato: usa postgres://… oppure lascialo vuoto per SQLite.`);
    mkdirSync(options.dataDirectory, { recursive: true });
    const sqlite = new BetterSqlite3(join(options.dataDirectory, 'presidio-server.sqlite'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    // Freed space is zeroed: a person's erased data leaves the file, not just the tables.
    sqlite.pragma('secure_delete = ON');
    const db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    server = { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  try {
    await migrateServerDatabase(server, options.migrations);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
};

/** Several API processes may start together on one PostgreSQL: migrations run under an advisory lock. */
const lockMigrations = async (trx: Transaction<ServerDatabase>, dialect: ServerDialect) => {
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(7220426)`.execute(trx);
};

export const migrateServerDatabase = async (
  server: ServerDb,
  migrations: readonly ServerMigration[] = serverMigrations,
): Promise<string[]> => {
  const { db, dialect } = server;
  await db.transaction().execute(async (trx) => {
    await lockMigrations(trx, dialect);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(trx);
  });
  const known = new Set(migrations.map((migration) => migration.id));
  const done = (await db.selectFrom('schema_migrations').select('id').execute()).map((row) => row.id);
  const unknown = done.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppFailure(
      'database_newer_than_app',
      `Il database è stato aggiornato da una versione più recente dell’API (${unknown.join(', ')}).`,
    );
  }
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    // SQLite's one connection: the pragma applies to the transaction that follows, and only outside one.
    const rebuild = dialect === 'sqlite' && migration.rebuildsTables === true;
    if (rebuild) await sql`PRAGMA foreign_keys = OFF`.execute(db);
    try {
      await db.transaction().execute(async (trx) => {
        await lockMigrations(trx, dialect);
        const already = await trx.selectFrom('schema_migrations').select('id').where('id', '=', migration.id).executeTakeFirst();
        if (already) return;
        for (const statement of migration.statements(dialect)) await sql.raw(statement).execute(trx);
        if (rebuild) {
          const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
          if (broken.rows.length > 0) throw new Error(`La migrazione ${migration.id} lascerebbe ${broken.rows.length} riferimenti non validi.`);
        }
        await trx.insertInto('schema_migrations').values({ id: migration.id, applied_at: new Date().toISOString() }).execute();
        applied.push(migration.id);
      });
    } finally {
      if (rebuild) await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
  }
  return applied;
};
