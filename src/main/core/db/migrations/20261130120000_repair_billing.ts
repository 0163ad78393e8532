import type { Migration } from '../migration.types.ts';

/**
 * Immutable. A repair keeps when its labour and restore were logged (each is classified at that
 * instant) and the central API's charged figures, as an intervention keeps its billing.
 */
export const repairBillingMigration: Migration = {
  id: '20261130120000_repair_billing',
  sql: `
ALTER TABLE repairs ADD COLUMN labour_logged_at TEXT;
ALTER TABLE repairs ADD COLUMN restore_logged_at TEXT;
ALTER TABLE repairs ADD COLUMN billing_json TEXT CHECK (billing_json IS NULL OR json_valid(billing_json));
`,
};
