import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openServerDatabase, type ServerDb } from '../../src/server/db/server-database.ts';
import type { AuthPolicy } from '../../src/server/auth/auth.service.ts';
import { defaultAuthPolicy } from '../../src/server/auth/auth.service.ts';
import { makeTempDirectory } from './temp-directory.ts';
import type { ServerMigration } from '../../src/server/db/migrations/index.ts';

/**
 * The server suite runs against both storage engines. PostgreSQL is the machine's own
 * (127.0.0.1:5432, trust auth); each test file gets a fresh database and drops it afterwards.
 * Where PostgreSQL is unreachable the suite says so and skips those tests, unless
 * PRESIDIO_REQUIRE_POSTGRES=1 (CI), which turns the skip into a failure.
 */
export const postgresAdminUrl = process.env['PRESIDIO_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const probePostgres = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

export const postgresAvailable = await probePostgres();
if (!postgresAvailable) {
  if (process.env['PRESIDIO_REQUIRE_POSTGRES'] === '1') {
    throw new Error(`PostgreSQL non raggiungibile su ${postgresAdminUrl}, ma PRESIDIO_REQUIRE_POSTGRES=1: i test del server devono girare anche su PostgreSQL.`);
  }
  console.warn(`PostgreSQL non raggiungibile su ${postgresAdminUrl}: salto i test del server su PostgreSQL.`);
}

export type EngineName = 'sqlite' | 'postgres';
export const engineNames: EngineName[] = postgresAvailable ? ['sqlite', 'postgres'] : ['sqlite'];

/** Fast hashing for tests only: the cost is stored in each hash, production uses the recommended one. */
export const testAuthPolicy: AuthPolicy = { ...defaultAuthPolicy, passwordCost: { N: 2 ** 12, r: 8, p: 1 } };

export type TestDatabase = { server: ServerDb; url: string | undefined; dataDirectory: string; drop: () => Promise<void> };

const adminQuery = async (sql: string) => {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A new database of its own, at the latest schema unless `migrations` says where to stop. */
export const createTestDatabase = async (engine: EngineName, options: { migrations?: readonly ServerMigration[] } = {}): Promise<TestDatabase> => {
  const dir = makeTempDirectory('presidio-server-');
  if (engine === 'sqlite') {
    const server = await openServerDatabase({ dataDirectory: dir.path, ...options });
    return { server, url: undefined, dataDirectory: dir.path, drop: async () => { await server.close().catch(() => undefined); dir.remove(); } };
  }
  const name = `presidio_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = postgresAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  const server = await openServerDatabase({ dataDirectory: dir.path, databaseUrl: url, ...options });
  return {
    server,
    url,
    dataDirectory: dir.path,
    drop: async () => {
      await server.close().catch(() => undefined);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      dir.remove();
    },
  };
};
