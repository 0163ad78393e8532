import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const repairBillingMigration: ServerMigration = {
  id: '20261130120000_repair_billing',
  // Repair labour is classified at the instant it is logged and drawn through the same ledger
  // as interventions; a ledger entry belongs to at most one piece of work.
  statements: (dialect) => {
    const t = typesFor(dialect);
    const oneOwner = 'intervention_id IS NULL OR repair_id IS NULL';
    return [
      `ALTER TABLE repairs ADD COLUMN labour_logged_at ${t.instant}`,
      `ALTER TABLE repairs ADD COLUMN restore_logged_at ${t.instant}`,
      `ALTER TABLE repairs ADD COLUMN billing_json TEXT`,
      `ALTER TABLE hour_bank_ledger ADD COLUMN repair_id TEXT REFERENCES repairs(id)`,
      `CREATE INDEX hour_bank_ledger_repair ON hour_bank_ledger(repair_id)`,
      dialect === 'postgres'
        ? `ALTER TABLE hour_bank_ledger ADD CONSTRAINT hour_bank_ledger_one_owner CHECK (${oneOwner})`
        : `CREATE TRIGGER hour_bank_ledger_one_owner BEFORE INSERT ON hour_bank_ledger
           WHEN NOT (NEW.intervention_id IS NULL OR NEW.repair_id IS NULL)
           BEGIN SELECT RAISE(ABORT, 'invariant hour_bank_ledger_one_owner'); END`,
    ];
  },
};
