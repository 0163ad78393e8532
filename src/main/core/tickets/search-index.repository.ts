import type BetterSqlite3 from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { prepared } from '../db/prepared.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { setTicketIndexing } from '../db/ticket-indexing.ts';

const deferredKey = 'search.deferred';
/** Tickets indexed per transaction when the index is built: about 10 ms each, so the core's writes never wait long. */
const ticketsPerStep = 5_000;

/**
 * An empty replica is about to receive every ticket: index them once at the end instead of one by
 * one. The setting says a build is owed (also across a crash); the pages of the pull are stored
 * without the indexing trigger (`PageWork.deferSearch`).
 */
export const deferSearchIndex = (sqlite: BetterSqlite3.Database): void => {
  prepared(sqlite, `INSERT INTO settings (key, value) VALUES ('${deferredKey}', 'true') ON CONFLICT (key) DO NOTHING`).run();
};

export const isSearchIndexDeferred = (sqlite: BetterSqlite3.Database): boolean =>
  prepared<[], { found: number }>(sqlite, `SELECT 1 AS found FROM settings WHERE key = '${deferredKey}'`).get() !== undefined;

/**
 * Builds the search index of every ticket after a deferred pull, in short steps by rowid (the
 * core's event loop breathes between them). Tickets written meanwhile are caught by the last step,
 * which also hands indexing back to the trigger, atomically. A pull interrupted by a crash leaves
 * the setting in place: the next pull's end builds it then.
 */
export const rebuildSearchIndex = async (sqlite: BetterSqlite3.Database): Promise<void> => {
  if (!isSearchIndexDeferred(sqlite)) return;
  // A ticket edited meanwhile was indexed by the update trigger: its range is cleared before it is indexed.
  const clearRange = prepared<[number, number]>(sqlite, 'DELETE FROM tickets_fts WHERE rowid > ? AND rowid <= ?');
  const insertRange = prepared<[number, number]>(
    sqlite,
    `INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
     SELECT t.rowid, t.number, t.subject, t.description, coalesce(c.name, '') FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
     WHERE t.rowid > ? AND t.rowid <= ?`,
  );
  const indexRange = (from: number, to: number) => {
    clearRange.run(from, to);
    insertRange.run(from, to);
  };
  const highest = () => prepared<[], { top: number | null }>(sqlite, 'SELECT max(rowid) AS top FROM tickets').get()?.top ?? 0;
  let done = 0;
  for (;;) {
    const top = highest();
    if (top - done <= ticketsPerStep) break;
    writeTransaction(sqlite, () => indexRange(done, done + ticketsPerStep));
    done += ticketsPerStep;
    await yieldToEventLoop();
  }
  writeTransaction(sqlite, () => {
    indexRange(done, Number.MAX_SAFE_INTEGER);
    prepared(sqlite, `DELETE FROM settings WHERE key = '${deferredKey}'`).run();
  });
  // An in-memory replica pulls on this very connection: its own tickets are indexed again from now on.
  setTicketIndexing(sqlite, true);
};
