import type BetterSqlite3 from 'better-sqlite3';

/** Per connection, a counter shared with the pull worker: how many of the core's writes wait for the lock. */
const writeIntents = new WeakMap<BetterSqlite3.Database, Int32Array>();

/**
 * Tells the pull worker when the core wants to write on `sqlite`: the worker then lets it go
 * first at the end of its transaction, instead of pausing after every transaction in case.
 */
export const shareWriteIntents = (sqlite: BetterSqlite3.Database, intents: Int32Array): void => {
  writeIntents.set(sqlite, intents);
};

/**
 * Runs `work` in a transaction that takes the write lock when it begins. The replica has two
 * writers (the core, and the pull worker on its own thread): a deferred transaction that reads
 * and then writes fails at once with SQLITE_BUSY when the other committed in between, whereas
 * an immediate one waits its turn (busy_timeout). Nested calls are savepoints of the outer one.
 */
export const writeTransaction = <T>(sqlite: BetterSqlite3.Database, work: () => T): T => {
  const intents = sqlite.inTransaction ? undefined : writeIntents.get(sqlite);
  if (!intents) return sqlite.transaction(work).immediate();
  Atomics.add(intents, 0, 1);
  try {
    return sqlite.transaction(work).immediate();
  } finally {
    Atomics.sub(intents, 0, 1);
    Atomics.notify(intents, 0);
  }
};
