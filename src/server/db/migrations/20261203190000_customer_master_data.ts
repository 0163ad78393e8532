import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const customerMasterDataMigration: ServerMigration = {
  id: '20261203190000_customer_master_data',
  // The customer base is loaded from the desk's spreadsheets (import): full master data, and a
  // reference on opening hour balances so that importing the same file again changes nothing.
  statements: () => [
    `ALTER TABLE customers ADD COLUMN fiscal_code TEXT`,
    `ALTER TABLE customers ADD COLUMN address TEXT`,
    `ALTER TABLE customers ADD COLUMN postal_code TEXT`,
    `ALTER TABLE customers ADD COLUMN province TEXT`,
    `ALTER TABLE customers ADD COLUMN notes TEXT`,
    `ALTER TABLE hour_bank_packages ADD COLUMN reference TEXT`,
    `CREATE UNIQUE INDEX hour_bank_packages_reference ON hour_bank_packages(customer_id, reference) WHERE reference IS NOT NULL`,
    `ALTER TABLE hour_bank_ledger ADD COLUMN reference TEXT`,
    `CREATE INDEX hour_bank_ledger_reference ON hour_bank_ledger(customer_id, reference) WHERE reference IS NOT NULL`,
  ],
};
