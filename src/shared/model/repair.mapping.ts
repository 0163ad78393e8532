import { z } from 'zod';
import { repairBillingFiguresSchema, repairPartSchema } from './billing.schema.ts';
import type { SyncedRepair } from '../sync/entities.ts';

/** A repair row as both databases store it (the same columns in the console and the API). */
export type RepairRecordRow = {
  id: string;
  customer_id: string;
  device_id: string;
  ticket_id: string | null;
  reported_defect: string;
  diagnosis: string;
  parts: string;
  labour_minutes: number;
  restore_minutes: number;
  transport: number;
  status: SyncedRepair['status'];
  received_on: string;
  warranty_covered: number;
  warranty_expires_on: string;
  labour_logged_at: string | null;
  restore_logged_at: string | null;
  billing_json: string | null;
  review_reason: string | null;
  /** The parts fitted, as JSON text ('[]' when none). */
  parts_json: string;
  transport_cents: number | null;
  updated_at: string;
};

export const repairRowToWire = (row: RepairRecordRow): SyncedRepair => ({
  id: row.id,
  customerId: row.customer_id,
  deviceId: row.device_id,
  ticketId: row.ticket_id,
  reportedDefect: row.reported_defect,
  diagnosis: row.diagnosis,
  parts: row.parts,
  labourMinutes: row.labour_minutes,
  restoreMinutes: row.restore_minutes,
  transport: row.transport === 1,
  status: row.status,
  receivedOn: row.received_on,
  warrantyCovered: row.warranty_covered === 1,
  warrantyExpiresOn: row.warranty_expires_on,
  labourLoggedAt: row.labour_logged_at,
  restoreLoggedAt: row.restore_logged_at,
  billing: row.billing_json ? repairBillingFiguresSchema.parse(JSON.parse(row.billing_json)) : null,
  reviewReason: row.review_reason,
  partsUsed: z.array(repairPartSchema).parse(JSON.parse(row.parts_json)),
  transportNetCents: row.transport_cents,
  updatedAt: row.updated_at,
});
