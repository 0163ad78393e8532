import { runSyncBench } from './bench/sync.bench.ts';
await runSyncBench();
