import type { Kysely } from 'kysely';
import { AppFailure } from '../../../shared/result.ts';
import type { Contract, Customer, Device, Intervention, TicketDetail, TicketSummary } from '../../../shared/model/ticket.schema.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { findCustomerRow, listContractRows, listDeviceRows } from '../customers/customer.repository.ts';
import {
  listInterventionRowsForTicket,
  listSegmentRowsForInterventions,
} from '../interventions/intervention.repository.ts';
import { findTicketRow, listTicketRows, type TicketSummaryRow } from './ticket.repository.ts';
import type { TicketParsedQuery } from './ticket.types.ts';

const toSummary = (row: TicketSummaryRow): TicketSummary => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  customerName: row.customer_name,
  channel: row.channel,
  subject: row.subject,
  priority: row.priority,
  status: row.status,
  blocking: row.blocking === 1,
  assigneeId: row.assignee_id,
  assigneeName: row.assignee_name,
  openedAt: row.opened_at,
  updatedAt: row.updated_at,
});

export const listTickets = async (
  db: Kysely<LocalDatabase>,
  query: TicketParsedQuery,
): Promise<{ items: TicketSummary[]; total: number }> => {
  const { items, total } = await listTicketRows(db, query);
  return { items: items.map(toSummary), total };
};

export const getTicket = async (db: Kysely<LocalDatabase>, id: string): Promise<TicketDetail> => {
  const row = await findTicketRow(db, id);
  if (!row) throw new AppFailure('not_found', 'Ticket non trovato: potrebbe essere stato eliminato.');
  const customerRow = await findCustomerRow(db, row.customer_id);
  if (!customerRow) throw new AppFailure('not_found', 'Cliente del ticket non trovato.');
  const [contractRows, deviceRows, interventionRows] = await Promise.all([
    listContractRows(db, row.customer_id),
    listDeviceRows(db, row.customer_id),
    listInterventionRowsForTicket(db, id),
  ]);
  const segmentRows = await listSegmentRowsForInterventions(
    db,
    interventionRows.map((intervention) => intervention.id),
  );

  const customer: Customer = {
    id: customerRow.id,
    code: customerRow.code,
    name: customerRow.name,
    vatNumber: customerRow.vat_number,
    email: customerRow.email,
    phone: customerRow.phone,
    city: customerRow.city,
    freeMinutes: customerRow.free_minutes,
  };
  const contracts = contractRows.map(
    (contract): Contract => ({
      id: contract.id,
      customerId: contract.customer_id,
      kind: contract.kind,
      validFrom: contract.valid_from,
      validTo: contract.valid_to,
    }),
  );
  const devices = deviceRows.map(
    (device): Device => ({
      id: device.id,
      customerId: device.customer_id,
      model: device.model,
      serial: device.serial,
      purchaseDate: device.purchase_date,
      warrantyMonths: device.warranty_months,
    }),
  );
  const interventions = interventionRows.map(
    (intervention): Intervention => ({
      id: intervention.id,
      ticketId: intervention.ticket_id,
      technicianId: intervention.technician_id,
      technicianName: intervention.technician_name,
      mode: intervention.mode,
      activity: intervention.activity,
      backupCheck: intervention.backup_check,
      status: intervention.status,
      classificationTier: intervention.classification_tier,
      notes: intervention.notes,
      startedAt: intervention.started_at,
      stoppedAt: intervention.stopped_at,
      segments: segmentRows
        .filter((segment) => segment.intervention_id === intervention.id)
        .map((segment) => ({
          id: segment.id,
          startedAt: segment.started_at,
          endedAt: segment.ended_at,
          needsConfirmation: segment.needs_confirmation === 1,
        })),
    }),
  );

  return {
    ...toSummary(row),
    description: row.description,
    cause: row.cause,
    resolution: row.resolution,
    closedAt: row.closed_at,
    customer,
    contracts,
    devices,
    interventions,
  };
};
