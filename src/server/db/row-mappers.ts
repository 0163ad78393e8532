import { flagOf } from '../../shared/db/nullable-flag.ts';
import { billingFiguresSchema, type SyncedRow } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from './server-schema.ts';

/** Stored rows in the shape they travel to the consoles: one mapping per table, used by every reader. */
export const interventionRowToWire = (row: ServerDatabase['interventions']): SyncedRow<'intervention'> => ({
  id: row.id,
  ticketId: row.ticket_id,
  technicianId: row.technician_id,
  deviceId: row.device_id,
  mode: row.mode,
  activity: row.activity,
  backupCheck: row.backup_check,
  status: row.status,
  notes: row.notes,
  approved: row.approved === 1,
  startedAt: row.started_at,
  stoppedAt: row.stopped_at,
  billing: row.billing_json ? billingFiguresSchema.parse(JSON.parse(row.billing_json)) : null,
  reviewReason: row.review_reason,
  softwareUpToDate: flagOf(row.software_up_to_date),
  conformingSetup: flagOf(row.conforming_setup),
});


export const ticketRowToWire = (row: ServerDatabase['tickets']): SyncedRow<'ticket'> => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  channel: row.channel,
  subject: row.subject,
  description: row.description,
  priority: row.priority,
  status: row.status,
  blocking: row.blocking === 1,
  cause: row.cause,
  resolution: row.resolution,
  assigneeId: row.assignee_id,
  openedAt: row.opened_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
  takenAt: row.taken_at,
});

export { customerRowToWire } from '../../shared/model/customer.mapping.ts';

export { deviceRowToWire } from '../../shared/model/device.mapping.ts';

export { contractRowToWire } from '../../shared/model/contract.mapping.ts';
