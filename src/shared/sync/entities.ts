import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';
import { repairStatuses } from '../domain/repairs.ts';
import { supportCalendarSchema } from '../domain/support-calendar.ts';
import { policyVersionsSchema } from '../domain/billing-policy-history.ts';
import { syncedQualityWeekSchema } from '../review/quality-calls.ts';
import { syncedFeedbackSchema } from '../review/feedback.ts';
import {
  backupCheckSchema,
  causeSchema,
  channelSchema,
  interventionModeSchema,
  interventionStatusSchema,
  prioritySchema,
  ticketStatusSchema,
} from '../model/enums.ts';
import { billingFiguresSchema, hourBankViewSchema, repairBillingFiguresSchema, repairPartSchema } from '../model/billing.schema.ts';
import { contractSchema, customerSchema, deviceSchema } from '../model/ticket.schema.ts';
import { syncedTicketMessageSchema } from '../conversation/ticket-message.ts';
import { syncedWorkReportSchema } from '../work-report/work-report.ts';
import { syncedCallSchema } from '../channels/calls.ts';

export { billingFiguresSchema, repairBillingFiguresSchema, type BillingFigures, type RepairBillingFigures } from '../model/billing.schema.ts';

/** The shapes rows travel in, from the central API to the consoles (pull). */
const id = z.uuid();

/** Every role, declared once: permissions, the wire and the screens read this list. */
export const roles = ['technician', 'team_lead', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const syncedUserSchema = z.object({ id, email: z.string(), displayName: z.string(), role: roleSchema });
// The residual free hours travel with the hour bank, not with the customer.
export const syncedCustomerSchema = customerSchema.omit({ freeMinutes: true });
// Contracts and devices travel exactly as the console shows them.
export const syncedContractSchema = contractSchema;
export const syncedDeviceSchema = deviceSchema;
export const syncedTicketSchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  channel: channelSchema,
  subject: z.string(),
  description: z.string(),
  priority: prioritySchema,
  status: ticketStatusSchema,
  blocking: z.boolean(),
  cause: causeSchema.nullable(),
  resolution: z.string().nullable(),
  assigneeId: id.nullable(),
  openedAt: instantSchema,
  updatedAt: instantSchema,
  closedAt: instantSchema.nullable(),
  /** When someone first took the ticket in charge (assigned, or work started): the handling time's first leg. */
  takenAt: instantSchema.nullable().default(null),
});
export const syncedInterventionSchema = z.object({
  id,
  ticketId: id,
  technicianId: id,
  deviceId: id.nullable(),
  mode: interventionModeSchema,
  activity: z.string(),
  backupCheck: backupCheckSchema,
  status: interventionStatusSchema,
  notes: z.string(),
  approved: z.boolean(),
  startedAt: instantSchema,
  stoppedAt: instantSchema.nullable(),
  /** Authoritative figures, set by the central API when the intervention stops. */
  billing: billingFiguresSchema.nullable(),
  /** Why the times look implausible (a very long segment, work reported days later): not billed until a lead approves. */
  reviewReason: z.string().nullable().default(null),
  /** The conditions of standard assistance, asked at the start of a standard activity (null: not asked). */
  softwareUpToDate: z.boolean().nullable().default(null),
  conformingSetup: z.boolean().nullable().default(null),
});
export const syncedTimerSegmentSchema = z.object({
  id,
  interventionId: id,
  startedAt: instantSchema,
  endedAt: instantSchema.nullable(),
  /**
   * Ended by a crash of the console (at its last heartbeat; the time after it was not counted) and
   * not yet confirmed by the technician: the team lead sees it in the day's review.
   */
  awaitingConfirmation: z.boolean().default(false),
});
export const syncedHourBankSchema = hourBankViewSchema.extend({ customerId: id });

export const syncedRepairSchema = z.object({
  id,
  customerId: id,
  deviceId: id,
  ticketId: id.nullable(),
  reportedDefect: z.string(),
  diagnosis: z.string(),
  parts: z.string(),
  labourMinutes: z.int(),
  restoreMinutes: z.int(),
  transport: z.boolean(),
  status: z.enum(repairStatuses),
  receivedOn: z.iso.date(),
  warrantyCovered: z.boolean(),
  warrantyExpiresOn: z.iso.date(),
  /** When the labour and the restore were last logged: each is classified at that instant. */
  labourLoggedAt: instantSchema.nullable().default(null),
  restoreLoggedAt: instantSchema.nullable().default(null),
  /** Authoritative figures, set by the central API once the work is done (ready, returned or rejected). */
  billing: repairBillingFiguresSchema.nullable().default(null),
  /** Why the receipt day waits for a team lead (received long before it was registered): the warranty is not applied until approved. */
  reviewReason: z.string().nullable().default(null),
  /** Spare parts fitted, each priced (covered inside the warranty). */
  partsUsed: z.array(repairPartSchema).default([]),
  /** Transport's net price as a team lead set it; null: the policy's flat fee. */
  transportNetCents: z.int().nonnegative().nullable().default(null),
  updatedAt: instantSchema,
});
export type SyncedRepair = z.infer<typeof syncedRepairSchema>;

/** There is one support calendar: its row always travels under this id. */
export const supportCalendarId = '0193a1c0-ca1e-7da7-8000-000000000001';
/** The support calendar the desk and billing use, with its revision (one more at every edit the API accepts). */
export const syncedSupportCalendarSchema = z.object({
  id,
  revision: z.int().nonnegative(),
  calendar: supportCalendarSchema,
  updatedAt: instantSchema,
  updatedBy: id.nullable(),
});
export type SyncedSupportCalendar = z.infer<typeof syncedSupportCalendarSchema>;

/** The calendar's row as both databases store it (the calendar as JSON text). */
export type SupportCalendarRecordRow = { id: string; revision: number; calendar_json: string; updated_at: string; updated_by: string | null };

/** The stored row in the shape it travels in, validated: one mapping for the console and the API. */
export const supportCalendarRowToWire = (row: SupportCalendarRecordRow): SyncedSupportCalendar =>
  syncedSupportCalendarSchema.parse({ id: row.id, revision: row.revision, calendar: JSON.parse(row.calendar_json), updatedAt: row.updated_at, updatedBy: row.updated_by });

/** Every entity the consoles replicate, declared once; `syncEntitySchemas` must define exactly these. */
/** There is one billing policy history: its row always travels under this id. */
export const billingPolicyId = '0193a1c0-ca1e-7da7-8000-000000000002';

/** The billing policy's versions, with their revision (one more at every change the API accepts). */
export const syncedBillingPolicySchema = z.object({
  id,
  revision: z.int().nonnegative(),
  versions: policyVersionsSchema,
  updatedAt: instantSchema,
  updatedBy: id.nullable(),
});
export type SyncedBillingPolicy = z.infer<typeof syncedBillingPolicySchema>;

/** The stored row, the same columns in the console and the API. */
export type BillingPolicyRecordRow = { id: string; revision: number; versions_json: string; updated_at: string; updated_by: string | null };

export const billingPolicyRowToWire = (row: BillingPolicyRecordRow): SyncedBillingPolicy =>
  syncedBillingPolicySchema.parse({ id: row.id, revision: row.revision, versions: JSON.parse(row.versions_json), updatedAt: row.updated_at, updatedBy: row.updated_by });

export const syncEntities = ['user', 'customer', 'contract', 'device', 'ticket', 'intervention', 'timer_segment', 'hour_bank', 'repair', 'support_calendar', 'quality_week', 'feedback', 'billing_policy', 'ticket_message', 'work_report', 'call'] as const;
export type SyncEntity = (typeof syncEntities)[number];

export const syncEntitySchemas = {
  user: syncedUserSchema,
  customer: syncedCustomerSchema,
  contract: syncedContractSchema,
  device: syncedDeviceSchema,
  ticket: syncedTicketSchema,
  intervention: syncedInterventionSchema,
  timer_segment: syncedTimerSegmentSchema,
  hour_bank: syncedHourBankSchema,
  repair: syncedRepairSchema,
  support_calendar: syncedSupportCalendarSchema,
  billing_policy: syncedBillingPolicySchema,
  quality_week: syncedQualityWeekSchema,
  feedback: syncedFeedbackSchema,
  ticket_message: syncedTicketMessageSchema,
  work_report: syncedWorkReportSchema,
  call: syncedCallSchema,
} as const satisfies { [E in SyncEntity]: z.ZodType };
export type SyncedRow<E extends SyncEntity> = z.infer<(typeof syncEntitySchemas)[E]>;
