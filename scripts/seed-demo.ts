import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDataDirectory } from '../src/main/core/data-directory.ts';
import { localDatabaseFile } from '../src/main/core/core.ts';
import { openLocalDatabase } from '../src/main/core/db/database.ts';
import { seedDemoData } from '../src/main/core/seed/demo-seed.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    reset: { type: 'boolean', default: false },
    tickets: { type: 'string' },
  },
});

const dataDirectory = values['data-dir'] ?? resolveDataDirectory();
const file = localDatabaseFile(dataDirectory);
if (values.reset) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });

const local = openLocalDatabase(file);
try {
  const existing = local.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM tickets').get();
  if ((existing?.n ?? 0) > 0) {
    console.error(`Il database ${file} contiene già dei ticket: usa --reset per ricrearlo con i dati demo.`);
    process.exitCode = 1;
  } else {
    const counts = await seedDemoData(local.db, values.tickets ? { tickets: Number(values.tickets) } : {});
    console.log(`Dati demo caricati in ${file}:`, counts);
  }
} finally {
  await local.close();
}
