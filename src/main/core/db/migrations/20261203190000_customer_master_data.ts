import type { Migration } from '../migration.types.ts';

/** Immutable. The customer card shows the full master data the desk imports and edits. */
export const customerMasterDataMigration: Migration = {
  id: '20261203190000_customer_master_data',
  sql: `
ALTER TABLE customers ADD COLUMN fiscal_code TEXT;
ALTER TABLE customers ADD COLUMN address TEXT;
ALTER TABLE customers ADD COLUMN postal_code TEXT;
ALTER TABLE customers ADD COLUMN province TEXT;
ALTER TABLE customers ADD COLUMN notes TEXT;
`,
};
