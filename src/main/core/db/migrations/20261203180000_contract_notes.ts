import type { Migration } from '../migration.types.ts';

/** Immutable. Contracts are data a lead records: they carry optional notes (the offer, who signed). */
export const contractNotesMigration: Migration = {
  id: '20261203180000_contract_notes',
  sql: `
ALTER TABLE contracts ADD COLUMN notes TEXT;
`,
};
