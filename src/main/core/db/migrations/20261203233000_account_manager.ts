import type { Migration } from '../migration.types.ts';

/** Immutable. Each customer's account manager («account di riferimento»), a colleague, as the API keeps it. */
export const accountManagerMigration: Migration = {
  id: '20261203233000_account_manager',
  sql: `ALTER TABLE customers ADD COLUMN account_manager_id TEXT;`,
};
