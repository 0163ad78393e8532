import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Change } from '../../../shared/sync/protocol.ts';
import {
  createChunkSizer,
  createPageStore,
  storeInChunks,
  type ChunkTiming,
  type PageWork,
} from './page-store.ts';
import { configurePullConnection } from './pull-connection.ts';

/**
 * The pull worker: stores pulled pages in the replica on its own thread and connection, so a
 * first pull of hundreds of thousands of rows never holds the core's event loop (in Electron, the
 * main process that answers every IPC call). Transactions stay short all the same, because the
 * core's own writes wait for the one in progress.
 */
export type PullWorkerRequest = { id: number; changes: Change[]; work: PageWork };
export type PullWorkerReply =
  | { id: number; ok: true; chunks: ChunkTiming[] }
  | { id: number; ok: false; message: string }
  /** Sent once, when the worker has loaded its modules and opened its connection. */
  | { id: 0; ok: true; ready: true };

const { file, budgetMs } = workerData as { file: string; budgetMs: number };
const sqlite = configurePullConnection(new BetterSqlite3(file));
const store = createPageStore(sqlite);
const sizer = createChunkSizer(budgetMs);
parentPort?.postMessage({ id: 0, ok: true, ready: true } satisfies PullWorkerReply);

parentPort?.on('message', ({ id, changes, work }: PullWorkerRequest) => {
  // Nothing here waits (no `between`), so one page is stored whole before the next message is read.
  storeInChunks(store.storeChunk, sizer, changes, work).then(
    (chunks) => parentPort?.postMessage({ id, ok: true, chunks } satisfies PullWorkerReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies PullWorkerReply),
  );
});
