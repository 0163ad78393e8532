import type { Device } from './ticket.schema.ts';

/** A device row as both databases store it (the same columns in the console and the API). */
export type DeviceRecordRow = {
  id: string;
  customer_id: string;
  model: string;
  serial: string;
  purchase_date: string;
  warranty_months: number;
  warranty_review: string | null;
};

/** One mapping from the stored row to what travels and what the screens show. */
export const deviceRowToWire = (row: DeviceRecordRow): Device => ({
  id: row.id,
  customerId: row.customer_id,
  model: row.model,
  serial: row.serial,
  purchaseDate: row.purchase_date,
  warrantyMonths: row.warranty_months,
  warrantyReview: row.warranty_review,
});
