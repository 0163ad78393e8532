import { customerRowToWire } from '../../../shared/model/customer.mapping.ts';
import { flagOf } from '../../../shared/db/nullable-flag.ts';
import { contractRowToWire } from '../../../shared/model/contract.mapping.ts';
import { deviceRowToWire } from '../../../shared/model/device.mapping.ts';
import type { Kysely } from 'kysely';
import { coverageOn, romeDay } from '../../../shared/domain/index.ts';
import { ticketMessageRowToWire } from '../../../shared/conversation/ticket-message.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { ActiveIntervention, Contract, Customer, Device, Intervention, TicketDetail, TicketSummary } from '../../../shared/model/ticket.schema.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { findCustomerRow, findHourBankRow, listContractRows, listDeviceRows } from '../customers/customer.repository.ts';
import { billingFiguresSchema, hourBankViewSchema } from '../../../shared/model/billing.schema.ts';
import {
  listActiveInterventionRows,
  listInterventionRowsForTicket,
  listSegmentRowsForInterventions,
} from '../interventions/intervention.repository.ts';
import { findTicketRow, listFeedbackRows, listMessageRows, listTicketRows, listWorkReportRows, type TicketSummaryRow } from './ticket.repository.ts';
import { workReportRowToWire } from '../../../shared/work-report/work-report.ts';
import type { TicketParsedQuery } from './ticket.types.ts';

type Coverage = TicketSummary['coverage'];
const noCoverage: Coverage = { standard: false, extended: false, warranty: false };

const toSummary = (row: Omit<TicketSummaryRow, 'unread'> & { unread?: number }, coverage: Coverage = noCoverage): TicketSummary => ({
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
  coverage,
  unread: row.unread === 1,
});

/** Coverage badges for the customers of one page of the queue, from the shared rules. */
export const coverageFor = async (db: Kysely<LocalDatabase>, customerIds: readonly string[]): Promise<Map<string, Coverage>> => {
  const unique = [...new Set(customerIds)];
  if (unique.length === 0) return new Map();
  const [contracts, devices] = await Promise.all([
    db.selectFrom('contracts').select(['customer_id', 'kind', 'valid_from', 'valid_to']).where('customer_id', 'in', unique).execute(),
    db.selectFrom('devices').select(['customer_id', 'purchase_date', 'warranty_months', 'warranty_review']).where('customer_id', 'in', unique).execute(),
  ]);
  const today = romeDay(new Date());
  return new Map(
    unique.map((customerId) => [
      customerId,
      coverageOn(
        contracts.filter((c) => c.customer_id === customerId).map((c) => ({ kind: c.kind, validFrom: c.valid_from, validTo: c.valid_to })),
        devices.filter((d) => d.customer_id === customerId).map((d) => ({ purchaseDate: d.purchase_date, warrantyMonths: d.warranty_months, warrantyReview: d.warranty_review })),
        today,
      ),
    ]),
  );
};

type InterventionRow = Awaited<ReturnType<typeof listInterventionRowsForTicket>>[number];
type SegmentRow = Awaited<ReturnType<typeof listSegmentRowsForInterventions>>[number];

const toIntervention = (intervention: InterventionRow, segmentRows: readonly SegmentRow[]): Intervention => ({
  id: intervention.id,
  ticketId: intervention.ticket_id,
  technicianId: intervention.technician_id,
  technicianName: intervention.technician_name,
  mode: intervention.mode,
  activity: intervention.activity,
  backupCheck: intervention.backup_check,
  status: intervention.status,
  deviceId: intervention.device_id,
  approved: intervention.approved === 1,
  billing: intervention.billing_json ? billingFiguresSchema.parse(JSON.parse(intervention.billing_json)) : null,
  notes: intervention.notes,
  startedAt: intervention.started_at,
  stoppedAt: intervention.stopped_at,
  softwareUpToDate: flagOf(intervention.software_up_to_date),
  conformingSetup: flagOf(intervention.conforming_setup),
  segments: segmentRows
    .filter((segment) => segment.intervention_id === intervention.id)
    .map((segment) => ({
      id: segment.id,
      startedAt: segment.started_at,
      endedAt: segment.ended_at,
      needsConfirmation: segment.needs_confirmation === 1,
    })),
});

/** The technician's running and paused interventions, for the timer that stays on screen. */
export const listActiveInterventions = async (db: Kysely<LocalDatabase>, technicianId: string): Promise<ActiveIntervention[]> => {
  const rows = await listActiveInterventionRows(db, technicianId);
  const segments = await listSegmentRowsForInterventions(db, rows.map((row) => row.id));
  return rows.map((row) => ({ ...toIntervention(row, segments), ticketNumber: row.ticket_number, ticketSubject: row.ticket_subject }));
};

export const listTickets = async (
  db: Kysely<LocalDatabase>,
  query: TicketParsedQuery,
  me: string | null = null,
): Promise<{ items: TicketSummary[]; total: number }> => {
  const { items, total } = await listTicketRows(db, query, me);
  const coverage = await coverageFor(db, items.map((item) => item.customer_id));
  return { items: items.map((item) => toSummary(item, coverage.get(item.customer_id))), total };
};

/** The messages written here that still wait in the outbox: the thread says «da inviare». */
const unsentMessageIds = async (db: Kysely<LocalDatabase>, ticketId: string): Promise<Set<string>> => {
  // Only this ticket's (its id is a UUID: no LIKE character in it), not every queued message a long offline day left.
  const rows = await db.selectFrom('outbox').select('payload').where('command', '=', 'ticket.message').where('payload', 'like', `%${ticketId}%`).execute();
  return new Set(rows.flatMap((row) => {
    const args: unknown = JSON.parse(row.payload);
    return typeof args === 'object' && args !== null && 'id' in args && typeof args.id === 'string' ? [args.id] : [];
  }));
};

export const getTicket = async (db: Kysely<LocalDatabase>, id: string): Promise<TicketDetail> => {
  const row = await findTicketRow(db, id);
  if (!row) throw new AppFailure('not_found', 'Ticket non trovato: potrebbe essere stato eliminato.');
  const customerRow = await findCustomerRow(db, row.customer_id);
  if (!customerRow) throw new AppFailure('not_found', 'Cliente del ticket non trovato.');
  const [contractRows, deviceRows, interventionRows, hourBankRow, feedbackRows, messageRows, unsent, reportRows] = await Promise.all([
    listContractRows(db, row.customer_id),
    listDeviceRows(db, row.customer_id),
    listInterventionRowsForTicket(db, id),
    findHourBankRow(db, row.customer_id),
    listFeedbackRows(db, id),
    listMessageRows(db, id),
    unsentMessageIds(db, id),
    listWorkReportRows(db, id),
  ]);
  const segmentRows = await listSegmentRowsForInterventions(
    db,
    interventionRows.map((intervention) => intervention.id),
  );

  const customer: Customer = { ...customerRowToWire(customerRow), freeMinutes: customerRow.free_minutes };
  const contracts: Contract[] = contractRows.map(contractRowToWire);
  const devices: Device[] = deviceRows.map(deviceRowToWire);
  const interventions = interventionRows.map((intervention) => toIntervention(intervention, segmentRows));

  return {
    ...toSummary(row),
    description: row.description,
    cause: row.cause,
    resolution: row.resolution,
    closedAt: row.closed_at,
    takenAt: row.taken_at,
    customer,
    contracts,
    devices,
    hourBank: hourBankRow
      ? hourBankViewSchema.parse(JSON.parse(hourBankRow.data))
      : { freeMinutes: customerRow.free_minutes, packages: [] },
    interventions,
    feedback: feedbackRows.map((feedback) => ({ rating: feedback.rating, comment: feedback.comment, submittedAt: feedback.submitted_at })),
    messages: messageRows.map((message) => ({
      ...ticketMessageRowToWire(message),
      authorLabel: message.author_kind === 'staff' ? (message.display_name ?? 'Tecnico') : message.author_kind === 'system' ? 'Presidio' : `${message.author_name ?? 'Cliente'} (cliente)`,
      pending: unsent.has(message.id),
    })),
    workReports: reportRows.map(workReportRowToWire),
  };
};
