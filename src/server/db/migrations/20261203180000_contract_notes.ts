import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const contractNotesMigration: ServerMigration = {
  id: '20261203180000_contract_notes',
  // Contracts become data a lead records with commands (contract.add/amend/end): optional notes.
  // (A customer's contracts are already indexed by contracts_customer.)
  statements: () => [`ALTER TABLE contracts ADD COLUMN notes TEXT`],
};
