import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The search indexes drop a replaced text's words at once (FTS5's `secure-delete`),
 * instead of keeping them in old index segments until a merge: text the API erased (a person's
 * name and address, on request) leaves the console's file with the row it belonged to.
 */
export const searchSecureDeleteMigration: Migration = {
  id: '20261203210000_search_secure_delete',
  sql: `
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO customers_fts (customers_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize');
INSERT INTO customers_fts (customers_fts) VALUES ('optimize');
`,
};
