import type { Contract } from './ticket.schema.ts';

/** A contract row as both databases store it (the same columns in the console and the API). */
export type ContractRecordRow = {
  id: string;
  customer_id: string;
  kind: 'standard' | 'extended';
  valid_from: string;
  valid_to: string | null;
  notes: string | null;
};

/** One mapping from the stored row to what travels and what the screens show. */
export const contractRowToWire = (row: ContractRecordRow): Contract => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  validFrom: row.valid_from,
  validTo: row.valid_to,
  notes: row.notes,
});
