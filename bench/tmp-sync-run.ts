import { runSyncBench } from '/work/main/bench/sync.bench.ts';
await runSyncBench();
