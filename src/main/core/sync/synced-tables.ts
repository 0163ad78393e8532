import { canonicalJson, workReportRowToWire, type WorkReportRecordRow } from '../../../shared/work-report/work-report.ts';
import { ticketMessageRowToWire, type TicketMessageRecordRow } from '../../../shared/conversation/ticket-message.ts';
import { flagColumn, flagOf } from '../../../shared/db/nullable-flag.ts';
import { contractRowToWire, type ContractRecordRow } from '../../../shared/model/contract.mapping.ts';
import { billingPreferences } from '../../../shared/model/enums.ts';
import { hourBankViewSchema } from '../../../shared/model/billing.schema.ts';
import { repairRowToWire, type RepairRecordRow } from '../../../shared/model/repair.mapping.ts';
import { qualityWeekRowToWire, type QualityWeekRecordRow } from '../../../shared/review/quality-calls.ts';
import { billingFiguresSchema, billingPolicyRowToWire, supportCalendarRowToWire, type BillingPolicyRecordRow, type SupportCalendarRecordRow, type SyncEntity, type SyncedRow } from '../../../shared/sync/entities.ts';

/**
 * One descriptor per table the console replicates: its table, key, columns and how a wire row
 * becomes statement parameters and back. The pull's row writer, the local commands' row reader and
 * the replica's table list are all built from these, so a synced column has one console home
 * besides its migration and the schema.
 */
export type SyncedTable<E extends SyncEntity> = {
  table: string;
  /** The primary key column (`id`, or `customer_id` for an hour bank). */
  key: string;
  /** A unique business key (ticket number, customer code…): the server's row takes it from a local, not yet accepted one. */
  naturalKey?: string;
  /** Stored column → statement parameter (the wire field, or a field `toParams` adds). */
  columns: Record<string, string>;
  /** Columns this replica keeps for itself (a local stamp, a heartbeat): set on insert and whenever the row changes. */
  localOnly?: Record<string, string>;
  /** How a `localOnly` column is updated, when not simply set again. */
  localUpdate?: Record<string, string>;
  insertOnly?: Record<string, string>;
  /** The wire row as parameters of the statements (booleans as 0/1, documents as JSON text). */
  toParams: (row: SyncedRow<E>, stamp: string) => Record<string, unknown>;
  /**
   * The stored row (`SELECT *`) in the wire's shape, for the entities a command reads; absent for
   * those only pulled (contracts, feedback) or read with their parent (segments).
   */
  fromRow?: (row: Record<string, unknown>) => SyncedRow<E>;
};

const stamped = { localOnly: { updated_at: '@now' }, insertOnly: { created_at: '@now' } };
const flag = (value: boolean): number => (value ? 1 : 0);
const text = (value: unknown): string => String(value);
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const syncedTables: { [E in SyncEntity]: SyncedTable<E> } = {
  user: {
    table: 'users',
    key: 'id',
    naturalKey: 'email',
    columns: { id: 'id', display_name: 'displayName', email: 'email', role: 'role' },
    toParams: (row) => ({ ...row }),
    fromRow: (row) => ({ id: text(row['id']), email: text(row['email']), displayName: text(row['display_name']), role: row['role'] as SyncedRow<'user'>['role'] }),
  },
  customer: {
    table: 'customers',
    key: 'id',
    naturalKey: 'code',
    columns: { id: 'id', code: 'code', name: 'name', vat_number: 'vatNumber', email: 'email', phone: 'phone', city: 'city', fiscal_code: 'fiscalCode', address: 'address', postal_code: 'postalCode', province: 'province', notes: 'notes', billing_preference: 'billingPreference', account_manager_id: 'accountManagerId' },
    ...stamped,
    insertOnly: { ...stamped.insertOnly, free_minutes: '0' },
    toParams: (row, stamp) => ({ ...row, now: stamp }),
    fromRow: (row) => ({
      id: text(row['id']),
      code: text(row['code']),
      name: text(row['name']),
      vatNumber: textOrNull(row['vat_number']),
      email: textOrNull(row['email']),
      phone: textOrNull(row['phone']),
      city: textOrNull(row['city']),
      fiscalCode: textOrNull(row['fiscal_code']),
      address: textOrNull(row['address']),
      postalCode: textOrNull(row['postal_code']),
      province: textOrNull(row['province']),
      notes: textOrNull(row['notes']),
      billingPreference: billingPreferences.find((value) => value === row['billing_preference']) ?? null,
      accountManagerId: textOrNull(row['account_manager_id']),
    }),
  },
  contract: {
    table: 'contracts',
    key: 'id',
    columns: { id: 'id', customer_id: 'customerId', kind: 'kind', valid_from: 'validFrom', valid_to: 'validTo', notes: 'notes' },
    ...stamped,
    toParams: (row, stamp) => ({ ...row, now: stamp }),
    fromRow: (row) => contractRowToWire(row as ContractRecordRow),
  },
  device: {
    table: 'devices',
    key: 'id',
    naturalKey: 'serial',
    columns: { id: 'id', customer_id: 'customerId', model: 'model', serial: 'serial', purchase_date: 'purchaseDate', warranty_months: 'warrantyMonths', warranty_review: 'warrantyReview' },
    ...stamped,
    toParams: (row, stamp) => ({ ...row, now: stamp }),
    fromRow: (row) => ({
      id: text(row['id']),
      customerId: text(row['customer_id']),
      model: text(row['model']),
      serial: text(row['serial']),
      purchaseDate: text(row['purchase_date']),
      warrantyMonths: Number(row['warranty_months']),
      warrantyReview: textOrNull(row['warranty_review']),
    }),
  },
  ticket: {
    table: 'tickets',
    key: 'id',
    naturalKey: 'number',
    columns: {
      id: 'id',
      number: 'number',
      customer_id: 'customerId',
      channel: 'channel',
      subject: 'subject',
      description: 'description',
      priority: 'priority',
      status: 'status',
      blocking: 'blocking',
      cause: 'cause',
      resolution: 'resolution',
      assignee_id: 'assigneeId',
      opened_at: 'openedAt',
      updated_at: 'updatedAt',
      closed_at: 'closedAt',
      taken_at: 'takenAt',
    },
    toParams: (row) => ({ ...row, blocking: flag(row.blocking) }),
    fromRow: (row) => ({
      id: text(row['id']),
      number: text(row['number']),
      customerId: text(row['customer_id']),
      channel: row['channel'] as SyncedRow<'ticket'>['channel'],
      subject: text(row['subject']),
      description: text(row['description']),
      priority: row['priority'] as SyncedRow<'ticket'>['priority'],
      status: row['status'] as SyncedRow<'ticket'>['status'],
      blocking: row['blocking'] === 1,
      cause: (row['cause'] ?? null) as SyncedRow<'ticket'>['cause'],
      resolution: textOrNull(row['resolution']),
      assigneeId: textOrNull(row['assignee_id']),
      openedAt: text(row['opened_at']),
      updatedAt: text(row['updated_at']),
      closedAt: textOrNull(row['closed_at']),
      takenAt: textOrNull(row['taken_at']),
    }),
  },
  intervention: {
    table: 'interventions',
    key: 'id',
    columns: {
      id: 'id',
      ticket_id: 'ticketId',
      technician_id: 'technicianId',
      device_id: 'deviceId',
      mode: 'mode',
      activity: 'activity',
      backup_check: 'backupCheck',
      status: 'status',
      notes: 'notes',
      approved: 'approved',
      billing_json: 'billing',
      review_reason: 'reviewReason',
      software_up_to_date: 'softwareUpToDate',
      conforming_setup: 'conformingSetup',
      started_at: 'startedAt',
      stopped_at: 'stoppedAt',
    },
    ...stamped,
    toParams: (row, stamp) => ({
      ...row,
      approved: flag(row.approved),
      softwareUpToDate: flagColumn(row.softwareUpToDate),
      conformingSetup: flagColumn(row.conformingSetup),
      billing: row.billing ? JSON.stringify(row.billing) : null,
      now: stamp,
    }),
    fromRow: (row) => ({
      id: text(row['id']),
      ticketId: text(row['ticket_id']),
      technicianId: text(row['technician_id']),
      deviceId: textOrNull(row['device_id']),
      mode: row['mode'] as SyncedRow<'intervention'>['mode'],
      activity: text(row['activity']),
      backupCheck: row['backup_check'] as SyncedRow<'intervention'>['backupCheck'],
      status: row['status'] as SyncedRow<'intervention'>['status'],
      notes: text(row['notes']),
      approved: row['approved'] === 1,
      startedAt: text(row['started_at']),
      stoppedAt: textOrNull(row['stopped_at']),
      billing: row['billing_json'] ? billingFiguresSchema.parse(JSON.parse(text(row['billing_json']))) : null,
      reviewReason: textOrNull(row['review_reason']),
      softwareUpToDate: flagOf(row['software_up_to_date']),
      conformingSetup: flagOf(row['conforming_setup']),
    }),
  },
  // The heartbeat only ever moves forward: a pulled segment never takes back local progress.
  timer_segment: {
    table: 'timer_segments',
    key: 'id',
    columns: { id: 'id', intervention_id: 'interventionId', started_at: 'startedAt', ended_at: 'endedAt', needs_confirmation: 'awaitingConfirmation' },
    localOnly: { heartbeat_at: 'coalesce(@endedAt, @startedAt)' },
    localUpdate: { heartbeat_at: 'max(heartbeat_at, coalesce(@endedAt, @startedAt))' },
    toParams: (row) => ({ ...row, awaitingConfirmation: flag(row.awaitingConfirmation) }),
  },
  hour_bank: {
    table: 'hour_banks',
    key: 'customer_id',
    columns: { customer_id: 'customerId', data: 'data' },
    // `freeMinutes` is not a column: the applier copies it onto the customer row.
    toParams: (row) => ({ customerId: row.customerId, data: JSON.stringify(row), freeMinutes: row.freeMinutes }),
    fromRow: (row) => ({ ...hourBankViewSchema.parse(JSON.parse(text(row['data']))), customerId: text(row['customer_id']) }),
  },
  repair: {
    table: 'repairs',
    key: 'id',
    columns: {
      id: 'id',
      customer_id: 'customerId',
      device_id: 'deviceId',
      ticket_id: 'ticketId',
      reported_defect: 'reportedDefect',
      diagnosis: 'diagnosis',
      parts: 'parts',
      labour_minutes: 'labourMinutes',
      restore_minutes: 'restoreMinutes',
      transport: 'transport',
      status: 'status',
      received_on: 'receivedOn',
      warranty_covered: 'warrantyCovered',
      warranty_expires_on: 'warrantyExpiresOn',
      labour_logged_at: 'labourLoggedAt',
      restore_logged_at: 'restoreLoggedAt',
      billing_json: 'billing',
      review_reason: 'reviewReason',
      parts_json: 'partsUsed',
      transport_cents: 'transportNetCents',
      updated_at: 'updatedAt',
    },
    toParams: (row) => ({
      ...row,
      transport: flag(row.transport),
      warrantyCovered: flag(row.warrantyCovered),
      billing: row.billing ? JSON.stringify(row.billing) : null,
      partsUsed: JSON.stringify(row.partsUsed),
    }),
    // The same mapping as the API's: both store the same columns.
    fromRow: (row) => repairRowToWire(row as RepairRecordRow),
  },
  support_calendar: {
    table: 'support_calendar',
    key: 'id',
    columns: { id: 'id', revision: 'revision', calendar_json: 'calendar', updated_at: 'updatedAt', updated_by: 'updatedBy' },
    toParams: (row) => ({ ...row, calendar: JSON.stringify(row.calendar) }),
    fromRow: (row) => supportCalendarRowToWire(row as SupportCalendarRecordRow),
  },
  billing_policy: {
    table: 'billing_policy',
    key: 'id',
    columns: { id: 'id', revision: 'revision', versions_json: 'versions', updated_at: 'updatedAt', updated_by: 'updatedBy' },
    toParams: (row) => ({ ...row, versions: JSON.stringify(row.versions) }),
    fromRow: (row) => billingPolicyRowToWire(row as BillingPolicyRecordRow),
  },
  quality_week: {
    table: 'quality_weeks',
    key: 'id',
    columns: { id: 'id', week: 'week', share_percent: 'sharePercent', closed_tickets: 'closedTickets', sampled_at: 'sampledAt', sampled_by: 'sampledBy', calls_json: 'calls' },
    toParams: (row) => ({ ...row, calls: JSON.stringify(row.calls) }),
    fromRow: (row) => qualityWeekRowToWire(row as QualityWeekRecordRow),
  },
  ticket_message: {
    table: 'ticket_messages',
    key: 'id',
    columns: {
      id: 'id',
      ticket_id: 'ticketId',
      author_kind: 'authorKind',
      author_id: 'authorId',
      author_name: 'authorName',
      visibility: 'visibility',
      source: 'source',
      body: 'body',
      quoted: 'quoted',
      attachments_json: 'attachments',
      written_at: 'writtenAt',
    },
    toParams: (row) => ({ ...row, attachments: JSON.stringify(row.attachments) }),
    // The same mapping as the API's: both store the same columns.
    fromRow: (row) => ticketMessageRowToWire(row as TicketMessageRecordRow),
  },
  work_report: {
    table: 'work_reports',
    key: 'id',
    columns: { id: 'id', ticket_id: 'ticketId', version: 'version', supersedes: 'supersedes', content_json: 'content', signature_json: 'signature', content_hash: 'contentHash', created_at: 'createdAt', created_by: 'createdBy' },
    // Stored canonically: the bytes the fingerprint was computed over.
    toParams: (row) => ({ ...row, content: canonicalJson(row.content), signature: canonicalJson(row.signature) }),
    fromRow: (row) => workReportRowToWire(row as WorkReportRecordRow),
  },
  call: {
    table: 'calls',
    key: 'id',
    columns: { id: 'id', from_number: 'fromNumber', line: 'line', customer_id: 'customerId', state: 'state', answered_by: 'answeredBy', rang_at: 'rangAt', answered_at: 'answeredAt', ended_at: 'endedAt', duration_seconds: 'durationSeconds' },
    toParams: (row) => ({ ...row }),
  },
  feedback: {
    table: 'ticket_feedback',
    key: 'id',
    columns: { id: 'id', ticket_id: 'ticketId', rating: 'rating', comment: 'comment', submitted_at: 'submittedAt' },
    toParams: (row) => ({ ...row }),
  },
};

/** Every replicated table, children before parents (the order a full clear deletes them in). */
export const replicaTablesChildrenFirst = [
  syncedTables.timer_segment.table,
  syncedTables.intervention.table,
  syncedTables.repair.table,
  syncedTables.device.table,
  syncedTables.contract.table,
  syncedTables.hour_bank.table,
  syncedTables.feedback.table,
  syncedTables.ticket_message.table,
  syncedTables.work_report.table,
  syncedTables.call.table,
  syncedTables.ticket.table,
  syncedTables.customer.table,
  syncedTables.user.table,
  syncedTables.support_calendar.table,
  syncedTables.quality_week.table,
  syncedTables.billing_policy.table,
] as const;
