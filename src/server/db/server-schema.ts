import type { ContractRecordRow } from '../../shared/model/contract.mapping.ts';
import type { CustomerRecordRow } from '../../shared/model/customer.mapping.ts';
import type { DeviceRecordRow } from '../../shared/model/device.mapping.ts';
import type { RepairRecordRow } from '../../shared/model/repair.mapping.ts';
import type { QualityWeekRecordRow } from '../../shared/review/quality-calls.ts';
import type { BillingPolicyRecordRow, SupportCalendarRecordRow } from '../../shared/sync/entities.ts';
import type { TicketMessageRecordRow } from '../../shared/conversation/ticket-message.ts';
import type { Channel } from '../../shared/model/enums.ts';
import type { WorkReportRecordRow } from '../../shared/work-report/work-report.ts';
import type { CallRecordRow } from '../../shared/channels/calls.ts';

/** Kysely table types of the central database; the same in PostgreSQL and SQLite. Flags are 0/1 integers. */
export type MailKind = 'text' | 'closure' | 'hour_bank_notice' | 'reply' | 'work_report';
export type ServerDatabase = {
  users: {
    id: string;
    email: string;
    display_name: string;
    role: 'technician' | 'team_lead' | 'admin';
    password_hash: string;
    disabled: number;
    /** When an admin disabled the account (null while active). */
    disabled_at?: string | null;
    created_at: string;
    updated_at: string;
  };
  /** `revoked_at`: the account was disabled; the session only delivers the work owed from before, once. */
  sessions: { token_hash: string; user_id: string; created_at: string; expires_at: string; address: string | null; revoked_at?: string | null };
  /** One-use links to choose a password: only the token's hash is kept. */
  password_links: {
    token_hash: string;
    account: 'staff' | 'customer';
    account_id: string;
    purpose: 'welcome' | 'reset';
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  login_failures: { id: string; key: string; failed_at: string };
  /** Master data the desk imports and edits on the customer card; the row mapping is shared. */
  customers: CustomerRecordRow & { created_at: string; updated_at: string; account_manager_id?: string | null };
  contracts: ContractRecordRow & { created_at: string; updated_at: string };
  devices: DeviceRecordRow & { created_at: string; updated_at: string };
  tickets: {
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
    created_by: string | null;
    opened_at: string;
    updated_at: string;
    closed_at: string | null;
    taken_at: string | null;
    /** The id the sending system gave the request (J2K): one ticket per id and channel. */
    external_ref?: string | null;
  };
  customer_contacts: {
    id: string;
    customer_id: string;
    email: string;
    name: string;
    password_hash: string | null;
    invite_hash: string | null;
    invite_expires_at: string | null;
    invited_by: string;
    created_at: string;
    activated_at: string | null;
    disabled: number;
  };
  portal_sessions: { token_hash: string; contact_id: string; csrf_token: string; created_at: string; expires_at: string };
  package_offers: { id: string; name: string; minutes: number; rate_cents: number; validity_months: number; active: number; updated_at: string };
  package_orders: {
    id: string;
    customer_id: string;
    contact_id: string;
    offer_id: string;
    minutes: number;
    rate_cents: number;
    validity_months: number;
    net_cents: number;
    vat_cents: number;
    gross_cents: number;
    status: 'pending' | 'confirmed' | 'cancelled';
    created_at: string;
    decided_at: string | null;
    decided_by: string | null;
    package_id: string | null;
  };
  intake_keys: {
    id: string;
    customer_id: string;
    label: string;
    key_hash: string;
    created_by: string;
    created_at: string;
    revoked_at: string | null;
    revoked_by: string | null;
    last_used_at: string | null;
  };
  interventions: {
    id: string;
    ticket_id: string;
    technician_id: string;
    device_id: string | null;
    mode: 'phone' | 'remote' | 'on_site' | 'vendor_site';
    activity: string;
    backup_check: 'confirmed' | 'not_needed_phone_info';
    status: 'running' | 'paused' | 'stopped';
    notes: string;
    approved: number;
    started_at: string;
    stopped_at: string | null;
    billing_json: string | null;
    review_reason: string | null;
    software_up_to_date: number | null;
    conforming_setup: number | null;
    created_at: string;
    updated_at: string;
  };
  timer_segments: { id: string; intervention_id: string; started_at: string; ended_at: string | null; awaiting_confirmation: number };
  hour_bank_packages: {
    id: string;
    customer_id: string;
    minutes: number;
    rate_cents: number;
    purchased_on: string;
    expires_on: string | null;
    created_at: string;
    /** The package's reference in the desk's previous system: an import upserts by it. */
    reference?: string | null;
  };
  hour_bank_ledger: {
    id: string;
    customer_id: string;
    entry_type: 'grant' | 'draw' | 'reversal' | 'adjustment';
    source: 'free' | 'package' | 'invoice';
    package_id: string | null;
    minutes: number;
    intervention_id: string | null;
    repair_id: string | null;
    reason: string | null;
    author_id: string | null;
    created_at: string;
    /** An imported opening balance's reference: importing the same file again adds nothing. */
    reference?: string | null;
  };
  audit_log: {
    id: string;
    actor_id: string | null;
    entity: string;
    entity_id: string;
    action: string;
    before_json: string | null;
    after_json: string | null;
    reason: string | null;
    created_at: string;
  };
  mail_outbox: {
    id: string;
    ticket_id: string | null;
    customer_id: string | null;
    /** `text`: subject and body as written; otherwise rendered from the payload when sent. */
    kind: MailKind;
    recipient: string;
    subject: string | null;
    body: string | null;
    payload_json: string | null;
    status: 'queued' | 'sent' | 'failed' | 'parked';
    attempts: number;
    next_attempt_at: string | null;
    last_error: string | null;
    claimed_by: string | null;
    claimed_until: string | null;
    created_at: string;
    sent_at: string | null;
  };
  feedback_requests: {
    id: string;
    ticket_id: string;
    token_hash: string;
    created_at: string;
    expires_at: string;
    rating: number | null;
    comment: string | null;
    submitted_at: string | null;
  };
  hour_bank_notices: { customer_id: string; pot: string; threshold: 'low' | 'exhausted'; created_at: string };
  billing_entries: {
    id: string;
    customer_id: string;
    ticket_id: string | null;
    intervention_id: string | null;
    repair_id: string | null;
    entry_type: 'charge' | 'reversal';
    work_at: string;
    activity: string;
    billed_minutes: number;
    invoiced_minutes: number;
    net_cents: number;
    vat_cents: number;
    gross_cents: number;
    policy_version: string;
    booked_at: string;
    /** What the entry is beyond its activity: the parts fitted, the transport (null for time). */
    description: string | null;
  };
  /** Each customer's monthly statement is mailed once. */
  statement_mailings: { customer_id: string; month: string; mail_id: string | null; created_at: string };
  repairs: RepairRecordRow & { created_by: string | null; created_at: string };
  sync_clients: {
    client_id: string;
    user_id: string;
    last_mutation_id: number;
    created_at: string;
    updated_at: string;
    last_pull_at: string | null;
    pending_commands: number | null;
  };
  sync_results: {
    client_id: string;
    mutation_id: number;
    status: 'applied' | 'rejected';
    error_code: string | null;
    error_message: string | null;
  };
  sync_changes: { seq: number; entity: string; entity_id: string; op: 'upsert' | 'delete'; data: string | null; changed_at: string };
  sync_counter: { id: number; seq: number };
  schema_migrations: { id: string; applied_at: string };
  quality_weeks: QualityWeekRecordRow & { updated_at: string };
  support_calendar: SupportCalendarRecordRow;
  billing_policy: BillingPolicyRecordRow;
  /** The stamps and links only the API keeps: when it stored the message, the contact who wrote it, the mail it came in. */
  ticket_messages: TicketMessageRecordRow & { created_at: string; contact_id: string | null; mail_message_id: string | null };
  attachments: { sha256: string; media_type: string; size_bytes: number; created_at: string };
  inbound_mail: { message_id: string; received_at: string; sender: string; outcome: 'message' | 'ticket' | 'unsorted' | 'ignored'; ticket_id: string | null; reason: string | null };
  unsorted_mail: {
    id: string;
    message_id: string;
    sender: string;
    sender_name: string | null;
    subject: string;
    body: string;
    quoted: string | null;
    attachments_json: string;
    received_at: string;
    filed_ticket_id: string | null;
    filed_by: string | null;
    filed_at: string | null;
    /** What opens when a lead files it: a mail's request or a voicemail's. */
    channel?: 'email' | 'voicemail' | 'whatsapp';
  };
  portal_pages: { slug: 'faq' | 'schema'; title: string; body: string; updated_at: string; updated_by: string | null };
  work_reports: WorkReportRecordRow & { stored_at: string };
  calls: CallRecordRow & { key_id: string; external_id: string };
  channel_settings: { channel: 'whatsapp'; settings_json: string; secrets_sealed: string; verify_token_hash: string; updated_at: string; updated_by: string | null };
  cti_keys: { id: string; label: string; key_hash: string; created_by: string | null; created_at: string; revoked_at: string | null; revoked_by: string | null; last_used_at: string | null };
  whatsapp_outbox: {
    id: string;
    ticket_id: string;
    message_id: string;
    recipient: string;
    body: string;
    kind: 'text' | 'template' | null;
    status: 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'parked';
    attempts: number;
    next_attempt_at: string | null;
    claimed_until: string | null;
    last_error: string | null;
    wamid: string | null;
    created_at: string;
    sent_at: string | null;
    status_at: string | null;
  };
  desk_settings: { key: string; value: string; updated_at: string; updated_by: string | null };
};
