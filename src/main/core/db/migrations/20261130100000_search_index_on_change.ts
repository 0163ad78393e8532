import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The search index follows a ticket only when a searched field really changed: a pull
 * rewrites whole rows, and re-indexing every unchanged ticket made each pulled page pay for it.
 */
export const searchIndexOnChangeMigration: Migration = {
  id: '20261130100000_search_index_on_change',
  sql: `
DROP TRIGGER tickets_fts_update;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, subject, description, customer_id ON tickets
WHEN old.number IS NOT new.number OR old.subject IS NOT new.subject OR old.description IS NOT new.description OR old.customer_id IS NOT new.customer_id
BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.rowid;
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END;
`,
};
