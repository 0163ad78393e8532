import { parseArgs } from 'node:util';
import { runApiLoadBench } from '../bench/api-load.bench.ts';
import { runDomainBench } from '../bench/domain.bench.ts';
import { runImportBench } from '../bench/import.bench.ts';
import { runQueueBench } from '../bench/queue.bench.ts';
import { runReviewBench } from '../bench/review.bench.ts';
import { runSyncBench } from '../bench/sync.bench.ts';
import { runWorkReportBench } from '../bench/work-report.bench.ts';

/**
 * `npm run bench [-- section …] [-- --small]`: timing goals live here, never in tests. Prints
 * figures measured in one run. Sections: domain, queue, review (the team lead's day), sync (pull,
 * push and the API load on PostgreSQL), import (the switch-over's customer base into PostgreSQL), report (the on-site work report's PDF). `--small` runs every section at small sizes: CI does, so the bench cannot rot.
 */
const { values, positionals } = parseArgs({ options: { small: { type: 'boolean', default: false } }, allowPositionals: true });
const sectionNames = ['domain', 'queue', 'review', 'sync', 'import', 'report'];
const sections = new Set(positionals.length > 0 ? positionals : sectionNames);
const unknown = [...sections].filter((section) => !sectionNames.includes(section));
if (unknown.length > 0) {
  console.error(`Sezioni sconosciute: ${unknown.join(', ')} (usa ${sectionNames.join(', ')}).`);
  process.exit(2);
}
const small = values.small;
console.log(`Presidio bench · Node ${process.version} · ${new Date().toISOString()}${small ? ' · small sizes' : ''}`);
if (sections.has('domain')) runDomainBench(small ? { iterations: 20_000 } : undefined);
if (sections.has('queue')) await runQueueBench(small ? 2_000 : 50_000);
if (sections.has('review')) await runReviewBench(small ? { technicians: 5, perTechnician: 4 } : undefined);
if (sections.has('sync')) {
  await runSyncBench(small ? { tickets: 1_000, interventionsPerTicket: 4, commands: 500 } : undefined);
  console.log('\n# api load (central API in its own process on PostgreSQL, loopback)');
  await runApiLoadBench(small ? { consoles: 20, seconds: 5, intervalMs: 1_000 } : { consoles: 200, seconds: 60, intervalMs: 2_000 });
}
if (sections.has('import')) await runImportBench(small ? { customers: 2_000, devices: 4_000 } : undefined);
if (sections.has('report')) await runWorkReportBench(small ? { runs: 3 } : undefined);
