import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The customer's choice on the portal for when their hours run out (buy a package or
 * be invoiced a consuntivo) reaches the consoles with the customer row, so the customer card shows
 * it to whoever calls them. Null: not chosen yet.
 */
export const billingPreferenceMigration: Migration = {
  id: '20261203140000_billing_preference',
  sql: `
ALTER TABLE customers ADD COLUMN billing_preference TEXT CHECK (billing_preference IN ('packages', 'consuntivo'));
`,
};
