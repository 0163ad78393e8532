import { z } from 'zod';
import { syncedTicketMessageSchema } from '../conversation/ticket-message.ts';
import { syncedWorkReportSchema } from '../work-report/work-report.ts';
import '../zod-italian.ts';
import { billingFiguresSchema, hourBankViewSchema } from './billing.schema.ts';
import { calendarDaySchema, instantSchema } from './calendar-day.ts';
import {
  backupCheckSchema,
  billingPreferenceSchema,
  causeSchema,
  channelSchema,
  contractKindSchema,
  interventionModeSchema,
  interventionStatusSchema,
  prioritySchema,
  ticketStatusSchema,
} from './enums.ts';

const id = z.uuid();

export const customerSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  vatNumber: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  fiscalCode: z.string().nullable().default(null),
  address: z.string().nullable().default(null),
  postalCode: z.string().nullable().default(null),
  province: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  freeMinutes: z.int().nonnegative(),
  /** What the customer chose on the portal for when their hours run out (null: not chosen yet). */
  billingPreference: billingPreferenceSchema.nullable().default(null),
  /** The colleague customers contact about packages and the relationship («account di riferimento»). */
  accountManagerId: id.nullable().default(null),
});
export type Customer = z.infer<typeof customerSchema>;

export const contractSchema = z.object({
  id,
  customerId: id,
  kind: contractKindSchema,
  validFrom: calendarDaySchema,
  validTo: calendarDaySchema.nullable(),
  notes: z.string().nullable().default(null),
});
export type Contract = z.infer<typeof contractSchema>;

export const deviceSchema = z.object({
  id,
  customerId: id,
  model: z.string(),
  serial: z.string(),
  purchaseDate: calendarDaySchema,
  warrantyMonths: z.int().min(12).max(36),
  /** Why the warranty waits for a team lead's confirmation (registered on the spot by a technician); null once confirmed. */
  warrantyReview: z.string().nullable().default(null),
});
export type Device = z.infer<typeof deviceSchema>;

/** A message as the console shows it: who wrote it in words, and whether it still waits to be sent. */
export const threadMessageSchema = syncedTicketMessageSchema.extend({ authorLabel: z.string(), pending: z.boolean().default(false) });
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

export const ticketSummarySchema = z.object({
  id,
  number: z.string(),
  customerId: id,
  customerName: z.string(),
  channel: channelSchema,
  subject: z.string(),
  priority: prioritySchema,
  status: ticketStatusSchema,
  blocking: z.boolean(),
  assigneeId: id.nullable(),
  assigneeName: z.string().nullable(),
  openedAt: instantSchema,
  updatedAt: instantSchema,
  /** The customer's coverage today: badges in the queue. */
  coverage: z.object({ standard: z.boolean(), extended: z.boolean(), warranty: z.boolean() }),
  /** The customer wrote since this console's user last opened the ticket. */
  unread: z.boolean().default(false),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

export const timerSegmentSchema = z.object({
  id,
  startedAt: instantSchema,
  endedAt: instantSchema.nullable(),
  needsConfirmation: z.boolean(),
});
export type TimerSegment = z.infer<typeof timerSegmentSchema>;

export const interventionSchema = z.object({
  id,
  ticketId: id,
  technicianId: id,
  technicianName: z.string().nullable(),
  mode: interventionModeSchema,
  activity: z.string(),
  backupCheck: backupCheckSchema,
  status: interventionStatusSchema,
  deviceId: id.nullable(),
  approved: z.boolean(),
  /** Authoritative figures from the central API; null until it has evaluated the intervention. */
  billing: billingFiguresSchema.nullable(),
  notes: z.string(),
  startedAt: instantSchema,
  stoppedAt: instantSchema.nullable(),
  segments: z.array(timerSegmentSchema),
  /** The conditions of standard assistance as answered at the start (null: not asked). */
  softwareUpToDate: z.boolean().nullable().default(null),
  conformingSetup: z.boolean().nullable().default(null),
});
export type Intervention = z.infer<typeof interventionSchema>;

/** A technician's running or paused intervention, for the always-visible timer. */
export const activeInterventionSchema = interventionSchema.extend({ ticketNumber: z.string(), ticketSubject: z.string() });
export type ActiveIntervention = z.infer<typeof activeInterventionSchema>;

export const ticketDetailSchema = ticketSummarySchema.extend({
  description: z.string(),
  cause: causeSchema.nullable(),
  resolution: z.string().nullable(),
  closedAt: instantSchema.nullable(),
  /** When someone first took it in charge: the handling time's first leg. */
  takenAt: instantSchema.nullable().default(null),
  customer: customerSchema,
  contracts: z.array(contractSchema),
  devices: z.array(deviceSchema),
  hourBank: hourBankViewSchema,
  interventions: z.array(interventionSchema),
  /** The customer's answers to the feedback form, newest first (one per closure). */
  feedback: z.array(z.object({ rating: z.int().min(1).max(5), comment: z.string(), submittedAt: instantSchema })).default([]),
  /** The conversation, oldest first: every message, internal notes included (staff only). */
  messages: z.array(threadMessageSchema).default([]),
  /** Work reports signed (or declined) on site, every version, oldest first. */
  workReports: z.array(syncedWorkReportSchema).default([]),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
