import type BetterSqlite3 from 'better-sqlite3';

/**
 * New tickets are indexed for search by a TEMP trigger that each connection installs for itself
 * (`openLocalDatabase`, the pull connections): a first pull's connection leaves it out and the
 * index is built once at the end. A trigger costs about as much as the insert it follows even when
 * its WHEN clause skips it, so a persistent one could not stand aside. Temp triggers vanish with
 * their connection: nothing is left switched off by a crash.
 */
const createTrigger = `CREATE TEMP TRIGGER IF NOT EXISTS tickets_fts_insert AFTER INSERT ON main.tickets BEGIN
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END`;

export const setTicketIndexing = (sqlite: BetterSqlite3.Database, on: boolean): void => {
  sqlite.exec(on ? createTrigger : 'DROP TRIGGER IF EXISTS temp.tickets_fts_insert');
};
