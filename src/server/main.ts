import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { openServerDatabase } from './db/server-database.ts';
import { buildServer } from './http/app.ts';
import { demoPassword, seedServerDemo } from './seed/server-demo-seed.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PRESIDIO_API_PORT'] ?? '5190' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: process.env['PRESIDIO_LOG_LEVEL'] ?? 'info' },
  },
});
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
const dataDirectory = resolve(values['data-dir'] ?? process.env['PRESIDIO_SERVER_DATA_DIR'] ?? join(homedir(), '.local', 'share', 'presidio-server'));
const databaseUrl = process.env['DATABASE_URL'] || undefined;

try {
  const database = await openServerDatabase({ dataDirectory, ...(databaseUrl ? { databaseUrl } : {}) });
  if (values.demo) {
    const hasData = (await database.db.selectFrom('tickets').select('id').limit(1).execute()).length > 0;
    if (hasData) {
      console.log('Dati demo già presenti: non li ricarico.');
    } else {
      const seeded = await seedServerDemo(database);
      console.log(`Dati demo caricati: ${seeded.tickets} ticket. Utenti (password "${demoPassword}"):`);
      for (const user of seeded.users) console.log(`  ${user.email} (${user.role})`);
    }
  }
  const app = buildServer({ database, version, logLevel: values['log-level'] });
  // Only loopback: a reverse proxy or load balancer in front publishes it.
  const address = await app.listen({ host: '127.0.0.1', port: Number(values.port) });
  console.log(`API centrale Presidio in ascolto su ${address} (${database.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${dataDirectory}`})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'arresto in corso');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(`Impossibile avviare l’API centrale: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
