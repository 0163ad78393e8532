import BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Change } from '../../../shared/sync/protocol.ts';
import {
  createChunkSizer,
  createPageStore,
  storeInChunks,
  type ChunkTiming,
  type PageWork,
} from './page-store.ts';
import type { PullWorkerReply, PullWorkerRequest } from './pull-worker.ts';
import { shareWriteIntents } from '../db/write-transaction.ts';
import { setTicketIndexing } from '../db/ticket-indexing.ts';

/**
 * The pull's connection settings: foreign keys off (rows arrive in any order; the server checked
 * them) and commits without the power-loss fsync (`synchronous = NORMAL`: still atomic, and pulled
 * rows can always be fetched again). The technician's own work keeps `FULL` and foreign keys on the
 * main connection. Switching those settings around every page on one shared connection expired
 * every prepared statement each time.
 */
export const configurePullConnection = (sqlite: BetterSqlite3.Database): BetterSqlite3.Database => {
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // As on the main connection: what a pulled change replaces is zeroed, not left in free pages.
  sqlite.pragma('secure_delete = ON');
  setTicketIndexing(sqlite, true);
  return sqlite;
};

/** Stores pulled pages; `chunks` says how long each local transaction took. */
export type PageWriter = {
  store: (changes: Change[], work: PageWork) => Promise<ChunkTiming[]>;
  close: () => Promise<void>;
};

/** How long one local transaction of pulled rows may take on the core's thread: the core's own writes wait for it. */
const transactionBudgetMs = 12;

/**
 * The worker's transactions may be longer: a write the core announces ends them early (within a
 * few dozen rows), and fewer, larger commits rewrite far fewer index pages (a first pull of tickets
 * in transactions of 12 ms took twice as long as in transactions of 40).
 */
const workerTransactionBudgetMs = 40;

/** How long the pull worker waits, after a transaction, for the core to take its turn at the database. */
export const maxTurnWaitMs = 50;

/**
 * How often the worker pauses for the core's event loop anyway: a write that does not announce
 * itself (one outside `writeTransaction`) gets the lock at these pauses at the latest.
 */
export const turnEveryMs = 100;

/** A page this full is part of a large pull (a first sync, a realignment): worth the worker. */
export const workerPageRows = 500;

/**
 * Pulled pages are stored on this thread (the second connection, with a breath for the event loop
 * between transactions) until a large page arrives; then a worker
 * thread is started on its own connection (`workerUrl`, file replicas only) and stores the large
 * pages (those sent while it starts wait in its queue), so during a long pull the core's event loop
 * only fetches. Small pages (the everyday sync) stay on this
 * thread: cheaper than a round trip, and a console that never pulls much never starts a thread.
 * Pages are stored strictly in order across the two; both run the same `createPageStore`.
 */
export const openPageWriter = (main: BetterSqlite3.Database, workerUrl: URL | null): PageWriter => {
  const local = inThreadPageWriter(main);
  if (!workerUrl || main.memory) return local;
  let worker: PageWriter | null = null;
  /** The last page handed over: to which writer, when it was handed over, when it was stored. */
  let last: { writer: PageWriter; handed: Promise<void>; done: Promise<unknown> } = {
    writer: local,
    handed: Promise.resolve(),
    done: Promise.resolve(),
  };
  const startWorker = (): void => {
    try {
      worker = workerPageWriter(main.name, workerUrl, () => local, main);
    } catch {
      // No worker on this platform: everything stays on this thread.
      worker = local;
    }
  };
  return {
    store: (changes, work) => {
      if (changes.length >= workerPageRows && !worker) startWorker();
      // Large pages go to the worker even while it starts: they wait in its queue rather than hold this thread.
      const writer = changes.length >= workerPageRows && worker ? worker : local;
      // The same writer gets pages in the order they came (it stores them in that order); switching
      // writers waits until the other one has stored its pages.
      const previous = last;
      const after = writer === previous.writer ? previous.handed : previous.done;
      let handed: () => void = () => undefined;
      const handedOver = new Promise<void>((resolve) => {
        handed = resolve;
      });
      const stored = after.then(() => {
        try {
          return writer.store(changes, work);
        } finally {
          handed();
        }
      });
      last = { writer, handed: handedOver, done: stored.catch(() => undefined) };
      return stored;
    },
    close: async () => {
      await last.done;
      if (worker && worker !== local) await worker.close();
      await local.close();
    },
  };
};

export const inThreadPageWriter = (main: BetterSqlite3.Database): PageWriter => {
  // An in-memory database has no second connection: there the settings are switched per chunk.
  const separate = !main.memory;
  const sqlite = separate ? configurePullConnection(new BetterSqlite3(main.name)) : main;
  const store = createPageStore(sqlite);
  const sizer = createChunkSizer(transactionBudgetMs);
  const around = <T>(write: () => T): T => {
    if (separate) return write();
    main.pragma('foreign_keys = OFF');
    main.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      main.pragma('synchronous = FULL');
      main.pragma('foreign_keys = ON');
    }
  };
  // Pages are stored one after another even when several arrive together.
  let queue: Promise<unknown> = Promise.resolve();
  const storeNow = (changes: Change[], work: PageWork) =>
    storeInChunks(
      (chunk, page, first, last) => around(() => store.storeChunk(chunk, page, first, last)),
      sizer,
      changes,
      work,
      () => yieldToEventLoop(),
    );
  return {
    store: (changes, work) => {
      const stored = queue.then(() => storeNow(changes, work));
      queue = stored.catch(() => undefined);
      return stored;
    },
    close: async () => {
      await queue;
      if (separate) sqlite.close();
    },
  };
};

export const workerPageWriter = (file: string, workerUrl: URL, fallback: () => PageWriter, main?: BetterSqlite3.Database): PageWriter => {
  const turns = new SharedArrayBuffer(4);
  const answered = new Int32Array(turns);
  // The core's writes say when they wait for the lock: the worker lets them go first.
  const intents = new SharedArrayBuffer(4);
  if (main) shareWriteIntents(main, new Int32Array(intents));
  const worker = new Worker(workerUrl, { workerData: { file, budgetMs: workerTransactionBudgetMs, turns, intents } });
  worker.unref();
  let nextId = 0;
  /** Pages handed to the worker and not yet answered, kept so a worker that dies can pass them on. */
  const waiting = new Map<
    number,
    { changes: Change[]; work: PageWork; resolve: (chunks: ChunkTiming[]) => void; reject: (error: Error) => void }
  >();
  let failed: PageWriter | null = null;
  const fail = () => {
    failed ??= fallback();
    // A worker that could not start (or died) leaves its pages to this thread, in the order they came.
    for (const pending of waiting.values()) failed.store(pending.changes, pending.work).then(pending.resolve, pending.reject);
    waiting.clear();
  };
  worker.on('message', (reply: PullWorkerReply) => {
    if ('turn' in reply) {
      // Whatever the core had queued before this message (a technician's write) has run: go on.
      Atomics.store(answered, 0, reply.turn);
      Atomics.notify(answered, 0);
      return;
    }
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (reply.ok) pending.resolve(reply.chunks.map((chunk) => ({ ...chunk, onWorker: true })));
    else pending.reject(new Error(reply.message));
  });
  worker.on('error', () => fail());
  let gone = false;
  worker.on('exit', (code) => {
    gone = true;
    if (code !== 0) fail();
  });
  return {
    store: (changes, work) => {
      // A worker that could not start or died leaves the pull to this thread.
      if (failed) return failed.store(changes, work);
      const id = ++nextId;
      // The worker keeps the process alive only while it has a page to store.
      worker.ref();
      return new Promise<ChunkTiming[]>((resolve, reject) => {
        waiting.set(id, { changes, work, resolve, reject });
        worker.postMessage({ id, changes, work } satisfies PullWorkerRequest);
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      });
    },
    close: async () => {
      // The fallback is the caller's writer: the caller closes it. The worker is asked to stop and
      // ends by itself (pages are all stored by now); terminate() only if it does not within 2 s.
      if (gone) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ close: true } satisfies PullWorkerRequest);
      const timer = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
