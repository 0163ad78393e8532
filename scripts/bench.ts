import { runDomainBench } from '../bench/domain.bench.ts';
import { runQueueBench } from '../bench/queue.bench.ts';
import { runSyncBench } from '../bench/sync.bench.ts';

/** `npm run bench`: timing goals live here, never in tests. Prints figures measured in one run. */
console.log(`Presidio bench · Node ${process.version} · ${new Date().toISOString()}`);
runDomainBench();
await runQueueBench();
await runSyncBench();
