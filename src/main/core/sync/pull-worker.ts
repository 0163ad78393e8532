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
import { configurePullConnection, maxTurnWaitMs, turnEveryMs } from './pull-connection.ts';

/**
 * The pull worker: stores pulled pages in the replica on its own thread and connection, so a
 * first pull of hundreds of thousands of rows never holds the core's event loop (in Electron, the
 * main process that answers every IPC call). Transactions stay short all the same, because the
 * core's own writes wait for the one in progress.
 */
export type PullWorkerRequest = { id: number; changes: Change[]; work: PageWork } | { close: true };
export type PullWorkerReply =
  | { id: number; ok: true; chunks: ChunkTiming[] }
  /** A transaction has committed: the core answers through `turns` once its own queued work has run. */
  | { id: 0; ok: true; turn: number }
  | { id: number; ok: false; message: string };

const { file, budgetMs, turns, intents } = workerData as { file: string; budgetMs: number; turns: SharedArrayBuffer; intents: SharedArrayBuffer };
const sqlite = configurePullConnection(new BetterSqlite3(file));
const store = createPageStore(sqlite);
const sizer = createChunkSizer(budgetMs);

/**
 * Between transactions the worker lets the core write: at once when the core announced a write
 * (`writeTransaction` counts them in `intents`), and otherwise every `turnEveryMs` it waits for the
 * core's event loop to come round (bounded, so a busy core does not slow the pull). Without that the
 * worker takes the write lock again at once and a write of the core (a timer started during a long
 * first pull) starves in SQLite's busy handler until the whole pull ends. Pausing after every
 * transaction in case cost a tenth of the pull.
 */
const answered = new Int32Array(turns);
const waitingWrites = new Int32Array(intents);
let turn = 0;
let lastTurn = performance.now();

/** The core announced a write (`writeTransaction`): wait until it has run, bounded. */
const letAnnouncedWritesGo = (): boolean => {
  if (Atomics.load(waitingWrites, 0) === 0) return false;
  const deadline = performance.now() + maxTurnWaitMs;
  for (let waiting = Atomics.load(waitingWrites, 0); waiting > 0; waiting = Atomics.load(waitingWrites, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    Atomics.wait(waitingWrites, 0, waiting, left);
  }
  return true;
};

/** Between transactions: announced writes go first; otherwise a full turn of the core's event loop now and then. */
const between = (): void => {
  if (letAnnouncedWritesGo()) return;
  if (performance.now() - lastTurn >= turnEveryMs) giveTurn();
};

const giveTurn = (): void => {
  lastTurn = performance.now();
  turn += 1;
  parentPort?.postMessage({ id: 0, ok: true, turn } satisfies PullWorkerReply);
  const deadline = performance.now() + maxTurnWaitMs;
  for (let seen = Atomics.load(answered, 0); seen < turn; seen = Atomics.load(answered, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(answered, 0, seen, left);
  }
};

parentPort?.on('message', (request: PullWorkerRequest) => {
  if ('close' in request) {
    // Asked to stop between pages: the connection is closed and the thread ends by itself, never
    // terminated in the middle of its work.
    sqlite.close();
    parentPort?.close();
    return;
  }
  const { id, changes, work } = request;
  // `between` never yields to this thread's event loop, so one page is stored whole before the next message is read.
  // Transactions are long (fewer, larger commits rewrite far fewer index pages) but end as soon as the core announces a write.
  storeInChunks(store.storeChunk, sizer, changes, work, async () => between(), () => Atomics.load(waitingWrites, 0) > 0).then(
    (chunks) => {
      parentPort?.postMessage({ id, ok: true, chunks } satisfies PullWorkerReply);
      between();
    },
    (error: unknown) =>
      parentPort?.postMessage({
        id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies PullWorkerReply),
  );
});
