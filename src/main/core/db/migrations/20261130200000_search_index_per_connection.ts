import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The insert trigger of the search index moves to each connection (a TEMP trigger,
 * `ticket-indexing.ts`): a first pull's connection goes without it and the index is built once at
 * the end. Standing aside through a WHEN clause still cost as much as indexing.
 */
export const searchIndexPerConnectionMigration: Migration = {
  id: '20261130200000_search_index_per_connection',
  sql: `
DROP TRIGGER tickets_fts_insert;
`,
};
