import type { Customer } from './ticket.schema.ts';

/** A customer row as both databases store it (the console adds its cached free minutes). */
export type CustomerRecordRow = {
  id: string;
  code: string;
  name: string;
  vat_number: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  fiscal_code?: string | null;
  address?: string | null;
  postal_code?: string | null;
  province?: string | null;
  notes?: string | null;
  billing_preference?: 'packages' | 'consuntivo' | null;
  account_manager_id?: string | null;
};

/** One mapping from the stored row to what travels (the free minutes travel with the hour bank). */
export const customerRowToWire = (row: CustomerRecordRow): Omit<Customer, 'freeMinutes'> => ({
  id: row.id,
  code: row.code,
  name: row.name,
  vatNumber: row.vat_number,
  email: row.email,
  phone: row.phone,
  city: row.city,
  fiscalCode: row.fiscal_code ?? null,
  address: row.address ?? null,
  postalCode: row.postal_code ?? null,
  province: row.province ?? null,
  notes: row.notes ?? null,
  billingPreference: row.billing_preference ?? null,
  accountManagerId: row.account_manager_id ?? null,
});
