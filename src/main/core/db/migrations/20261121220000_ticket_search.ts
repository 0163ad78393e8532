import type { Migration } from '../migration.types.ts';

/**
 * Immutable. Full-text search over ticket number, subject, description and customer name
 * (SQLite FTS5, accents folded), kept in step by triggers so every write path is covered,
 * pulls included.
 */
export const ticketSearchMigration: Migration = {
  id: '20261121220000_ticket_search',
  sql: `
CREATE VIRTUAL TABLE tickets_fts USING fts5(number, subject, description, customer_name, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  SELECT t.rowid, t.number, t.subject, t.description, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id;
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, subject, description, customer_id ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.rowid;
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER tickets_fts_customer_rename AFTER UPDATE OF name ON customers BEGIN
  UPDATE tickets_fts SET customer_name = new.name WHERE rowid IN (SELECT rowid FROM tickets WHERE customer_id = new.id);
END;
CREATE INDEX tickets_priority_opened ON tickets(priority, opened_at, id);
`,
};
