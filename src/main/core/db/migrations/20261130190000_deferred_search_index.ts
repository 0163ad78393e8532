import type { Migration } from '../migration.types.ts';

/**
 * Immutable. A first pull (or a realignment) fills an empty replica with every ticket: indexing
 * each one as it arrives cost about as much as storing it. While `search.deferred` is set the
 * insert trigger stands aside, and the index is built in one pass when the pull ends
 * (`search-index.repository.ts`).
 */
export const deferredSearchIndexMigration: Migration = {
  id: '20261130190000_deferred_search_index',
  sql: `
DROP TRIGGER tickets_fts_insert;
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.deferred')
BEGIN
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END;
`,
};
