import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs `work` in a transaction that takes the write lock when it begins. The replica has two
 * writers (the core, and the pull worker on its own thread): a deferred transaction that reads
 * and then writes fails at once with SQLITE_BUSY when the other committed in between, whereas
 * an immediate one waits its turn (busy_timeout). Nested calls are savepoints of the outer one.
 */
export const writeTransaction = <T>(sqlite: BetterSqlite3.Database, work: () => T): T =>
  sqlite.transaction(work).immediate();
