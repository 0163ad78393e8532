import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createCore } from '../main/core/core.ts';
import { resolveDataDirectory } from '../main/core/data-directory.ts';
import { toAppError } from '../shared/result.ts';
import { startWebHost } from './web-host.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    'data-dir': { type: 'string' },
  },
});
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
const dataDirectory = values['data-dir'] ?? resolveDataDirectory();

try {
  const core = createCore({ dataDirectory, host: 'browser', version, autoSync: true });
  const host = await startWebHost({
    core,
    rendererDirectory: join(projectRoot, 'out', 'renderer'),
    port: Number(values.port),
  });
  console.log(`Presidio (browser host) in ascolto solo su 127.0.0.1. Dati: ${dataDirectory}`);
  console.log(`Token dell’API centrale: ${core.secrets.description}.`);
  console.log(`Apri: ${host.url}`);
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (error) {
  console.error(`Impossibile avviare il browser host: ${error instanceof Error ? error.message : toAppError(error).message}`);
  process.exit(1);
}
