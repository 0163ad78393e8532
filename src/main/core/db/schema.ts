import type { CallRecordRow } from '../../../shared/channels/calls.ts';
import type { WorkReportRecordRow } from '../../../shared/work-report/work-report.ts';
import type { TicketMessageRecordRow } from '../../../shared/conversation/ticket-message.ts';
import type { Channel } from '../../../shared/model/enums.ts';
import type { ContractRecordRow } from '../../../shared/model/contract.mapping.ts';
import type { Generated } from 'kysely';
import type { RepairRecordRow } from '../../../shared/model/repair.mapping.ts';
import type { CustomerRecordRow } from '../../../shared/model/customer.mapping.ts';
import type { DeviceRecordRow } from '../../../shared/model/device.mapping.ts';
import type { QualityWeekRecordRow } from '../../../shared/review/quality-calls.ts';
import type { BillingPolicyRecordRow, SupportCalendarRecordRow } from '../../../shared/sync/entities.ts';

/** Table types for Kysely, one per SQLite table. Booleans are INTEGER 0/1 in SQLite. */
export type UsersTable = {
  id: string;
  display_name: string;
  email: string;
  role: 'technician' | 'team_lead' | 'admin';
};

export type CustomersTable = CustomerRecordRow & { free_minutes: number; created_at: string; updated_at: string };

/** The same columns as the central API's: one row type, shared with the mapping to the wire. */
export type ContractsTable = ContractRecordRow & { created_at: string; updated_at: string };

export type DevicesTable = DeviceRecordRow & { created_at: string; updated_at: string };

export type TicketsTable = {
  id: string;
  number: string;
  customer_id: string;
  channel: Channel;
  subject: string;
  description: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  status: 'open' | 'in_progress' | 'waiting' | 'closed';
  blocking: number;
  cause: 'vendor' | 'customer' | 'unknown' | null;
  resolution: string | null;
  assignee_id: string | null;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  taken_at: string | null;
};

export type InterventionsTable = {
  id: string;
  ticket_id: string;
  technician_id: string;
  mode: 'phone' | 'remote' | 'on_site' | 'vendor_site';
  activity: string;
  backup_check: 'confirmed' | 'not_needed_phone_info';
  status: 'running' | 'paused' | 'stopped';
  device_id: string | null;
  approved: Generated<number>;
  billing_json: string | null;
  classification_tier: 'standard' | 'extended' | 'warranty' | 'billable' | null;
  classification_json: string | null;
  review_reason: string | null;
  software_up_to_date: number | null;
  conforming_setup: number | null;
  notes: string;
  started_at: string;
  stopped_at: string | null;
  created_at: string;
  updated_at: string;
};

export type TimerSegmentsTable = {
  id: string;
  intervention_id: string;
  started_at: string;
  ended_at: string | null;
  heartbeat_at: string;
  needs_confirmation: number;
};

export type OutboxTable = {
  mutation_id: Generated<number>;
  command: string;
  payload: string;
  status: 'pending' | 'rejected';
  error_code: string | null;
  error_message: string | null;
  attempts: Generated<number>;
  created_at: string;
  issued_at: string;
};

export type PendingRestoresTable = { entity: string; entity_id: string; queued_at: string };

export type SyncQuarantineTable = { entity: string; entity_id: string; seq: number; data: string | null; error: string; quarantined_at: string };

export type SettingsTable = { key: string; value: string };

export type HourBanksTable = { customer_id: string; data: string };
/** The same columns as the central API's (less its stamp): one row type, shared with the mapping to the wire. */
export type QualityWeeksTable = QualityWeekRecordRow;
export type SupportCalendarTable = SupportCalendarRecordRow;
export type TicketFeedbackTable = { id: string; ticket_id: string; rating: number; comment: string; submitted_at: string };

/** The same columns as the central API's: one row type, shared with the mapping to the wire. */
export type RepairsTable = RepairRecordRow;

export type LocalDatabase = {
  users: UsersTable;
  customers: CustomersTable;
  contracts: ContractsTable;
  devices: DevicesTable;
  tickets: TicketsTable;
  interventions: InterventionsTable;
  timer_segments: TimerSegmentsTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  hour_banks: HourBanksTable;
  support_calendar: SupportCalendarTable;
  billing_policy: BillingPolicyRecordRow;
  quality_weeks: QualityWeeksTable;
  ticket_feedback: TicketFeedbackTable;
  ticket_messages: TicketMessageRecordRow;
  work_reports: WorkReportRecordRow;
  calls: CallRecordRow;
  /** When this console's user last opened each ticket's thread (the queue's unread mark; never synced). */
  ticket_reads: { ticket_id: string; read_at: string };
  repairs: RepairsTable;
  pending_restores: PendingRestoresTable;
  sync_quarantine: SyncQuarantineTable;
};
