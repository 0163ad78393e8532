import { z } from 'zod';
import { attachmentRefSchema, messageBodyMaxLength, messageVisibilities, staffAttachmentUploadSchema } from '../conversation/ticket-message.ts';
import { workReportContentSchema, workReportSignatureSchema } from '../work-report/work-report.ts';
import { channelStatusSchema, ctiKeySchema, currentCallSchema, issuedCtiKeySchema } from '../channels/calls.ts';
import { whatsAppSettingsInputSchema } from '../channels/channel-settings.ts';
import { deskSettingsSchema, portalContentSchema, portalPageSchema, setDeskSettingsRequestSchema, setPortalPageRequestSchema } from '../portal-content/portal-pages.ts';
import { discardUnsortedRequestSchema, fileUnsortedRequestSchema, unsortedDecisionSchema, unsortedMailListSchema } from '../conversation/unsorted-mail.ts';
import { importUploadSchema } from '../import/import-api.ts';
import { eraseContactRequestSchema, eraseContactResultSchema, personalDataExportRequestSchema, personalDataFileSchema } from '../accounts/privacy.ts';
import { customerDirectoryPageSchema, customerDirectoryQuerySchema, customerFileSchema } from '../model/customer-directory.ts';
import {
  changeRoleRequestSchema,
  createStaffRequestSchema,
  forgotPasswordResponseSchema,
  setDisabledRequestSchema,
  staffAccountChangeSchema,
  staffAccountIdSchema,
  staffAccountsSchema,
} from '../accounts/staff-accounts.ts';
import { importProgressSchema, importReportSchema } from '../import/import-report.ts';
import { workloadSchema } from '../review/workload.ts';
import { qualitySummarySchema } from '../review/quality-summary.ts';
import { handlingSummarySchema } from '../review/handling-times.ts';
import '../zod-italian.ts';
import type { Result } from '../result.ts';
import { hostChannelNames, hostEventNameList, type HostChannel, type HostEventName } from './channels.ts';
import { activityCodes } from '../domain/activities.ts';
import { calendarDaySchema, instantSchema } from '../model/calendar-day.ts';
import { teamDaySchema } from '../review/team-day.ts';
import { auditTrailRequestSchema, auditTrailSchema } from '../review/audit.ts';
import {
  backupCheckSchema,
  causeSchema,
  channelSchema,
  interventionModeSchema,
  prioritySchema,
  ticketStatusSchema,
} from '../model/enums.ts';
import { activeInterventionSchema, contractSchema, deviceSchema, ticketDetailSchema, ticketSummarySchema } from '../model/ticket.schema.ts';
import { commandArgsSchemas, commandNames } from '../sync/commands.ts';
import { roleSchema } from '../sync/entities.ts';
import { newDeviceSchema, repairViewSchema } from '../model/repair.schema.ts';
import { supportCalendarSchema } from '../domain/support-calendar.ts';
import { isoWeekSchema, qualityCallSchema } from '../review/quality-calls.ts';
import { consolesResponseSchema } from '../review/consoles.ts';
import { outboxRetryRequestSchema, outboxReviewSchema } from '../review/outbox.ts';
import { monthStatementsSchema, statementFileSchema } from '../reports/statement.ts';
import { billingMonthSchema } from '../domain/billing-period.ts';
import { policyVersionsSchema } from '../domain/billing-policy-history.ts';
import { decideOrderRequestSchema, disableContactRequestSchema, inviteContactRequestSchema, portalContactSchema, portalContactsRequestSchema, orderDecisionSchema, pendingOrdersSchema, setOfferRequestSchema, staffOffersSchema, customerConsumptionSchema } from '../portal-api/portal-api.ts';
import { intakeKeySchema, intakeKeysRequestSchema, issuedIntakeKeySchema, issueIntakeKeyRequestSchema, revokeIntakeKeyRequestSchema } from '../intake/intake-api.ts';
import { updateStatusSchema } from '../updates/update-status.ts';

/**
 * The one contract between the renderer and whatever hosts it (Electron main or the browser
 * host). Every channel has a request and a response schema; requests are strict so unknown
 * fields are rejected rather than silently dropped.
 */
export { hostChannelPrefix, ipcChannelName, ipcEventChannelName } from './channels.ts';

export const ticketListQuerySchema = z
  .object({
    search: z.string().trim().max(200).optional(),
    status: z.array(ticketStatusSchema).max(4).optional(),
    priority: z.array(prioritySchema).max(4).optional(),
    channel: z.array(channelSchema).max(6).optional(),
    customerId: z.uuid().optional(),
    /** `mine`: the technician's tickets and the unassigned ones (the queue); `all`: everyone's. */
    scope: z.enum(['all', 'mine']).default('all'),
    offset: z.int().nonnegative().default(0),
    limit: z.int().min(1).max(500).default(100),
  })
  .strict();
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;

const syncStatusSchema = z.object({
  /**
   * Increases with every status the core computes (and across restarts): answers and events travel
   * on different channels, so the console keeps only the newest, never an older one arriving late.
   */
  revision: z.number().int().nonnegative(),
  state: z.enum(['signed_out', 'offline', 'online', 'syncing']),
  pending: z.int().nonnegative(),
  rejected: z.int().nonnegative(),
  quarantined: z.int().nonnegative(),
  clockOffsetSeconds: z.number().nullable(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  serverUrl: z.string().nullable(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: roleSchema }).nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;
/** A command the server refused, as the sync panel lists it (retry or discard). */
const rejectedCommandSchema = z.object({ mutationId: z.int(), name: z.string(), args: z.unknown(), code: z.string(), message: z.string(), issuedAt: z.string() });
export type RejectedCommandView = z.infer<typeof rejectedCommandSchema>;

/** The status to show: `next` unless an answer computed earlier arrives after a newer one. */
export const newestSyncStatus = (current: SyncStatusView | null, next: SyncStatusView): SyncStatusView =>
  current && current.revision > next.revision ? current : next;

export const hostContract = {
  'app.info': {
    request: z.object({}).strict(),
    response: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      dataDirectory: z.string(),
      schemaVersion: z.string(),
    }),
  },
  'tickets.list': {
    request: ticketListQuerySchema,
    response: z.object({ items: z.array(ticketSummarySchema), total: z.int().nonnegative() }),
  },
  /** «Clienti»: a page of the directory, read from the local replica (works offline). */
  'customers.directory': { request: customerDirectoryQuerySchema, response: customerDirectoryPageSchema },
  /** A customer's card from the local replica. */
  'customers.file': { request: z.object({ id: z.uuid() }).strict(), response: customerFileSchema },
  'tickets.get': {
    request: z.object({ id: z.uuid() }).strict(),
    response: ticketDetailSchema,
  },
  /** The user opened the ticket's thread: its unread mark goes (kept on this console only). */
  'tickets.markRead': { request: z.object({ ticketId: z.uuid() }).strict(), response: z.object({ readAt: z.string() }) },
  /** A message on the ticket's thread, stamped with this console's corrected clock; sent at the next sync. */
  'tickets.writeMessage': {
    request: z.object({ ticketId: z.uuid(), visibility: z.enum(messageVisibilities), body: z.string().max(messageBodyMaxLength), attachments: z.array(attachmentRefSchema).max(5).default([]) }).strict(),
    response: z.object({ id: z.uuid() }),
  },
  /** A file for a message, sent to the API now (online only): its reference, named by `tickets.writeMessage`. */
  'attachments.upload': { request: staffAttachmentUploadSchema, response: attachmentRefSchema },
  /** A work report the customer signed (or declined) on this laptop: fingerprinted, stored, sent at the next sync. */
  'workReports.record': {
    request: z.object({ ticketId: z.uuid(), supersedes: z.uuid().nullable(), content: workReportContentSchema, signature: workReportSignatureSchema }).strict(),
    response: z.object({ id: z.uuid(), version: z.int(), contentHash: z.string() }),
  },
  /** Who is calling now (this console's replica, fed by the API's call events). */
  'calls.current': { request: z.object({}).strict(), response: z.object({ calls: z.array(currentCallSchema) }) },
  /** «Canali» (admins): what the API's channels are set to, and the PBX keys. */
  'admin.channels': { request: z.object({}).strict(), response: channelStatusSchema },
  'admin.ctiKeys': { request: z.object({}).strict(), response: z.object({ keys: z.array(ctiKeySchema) }) },
  /** A new PBX key: the answer is the only time the key itself is shown. */
  'admin.issueCtiKey': { request: z.object({ label: z.string().trim().min(1).max(80) }).strict(), response: issuedCtiKeySchema },
  'admin.revokeCtiKey': { request: z.object({ id: z.uuid() }).strict(), response: ctiKeySchema },
  /** WhatsApp set up by an admin: secrets written once (sealed on the API), never read back. */
  'admin.setWhatsApp': {
    request: whatsAppSettingsInputSchema,
    response: z.object({ phoneNumberId: z.string(), apiUrl: z.string(), template: z.string().nullable(), configured: z.literal(true) }),
  },
  /** A stored report's PDF, made on this laptop from the stored report (offline too). */
  'workReports.pdf': { request: z.object({ id: z.uuid() }).strict(), response: z.object({ fileName: z.string(), dataBase64: z.string() }) },
  /** A message's file, read from the API (the bytes are not replicated): online only. */
  'attachments.get': {
    request: z.object({ ticketId: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    response: z.object({ mediaType: z.string(), dataBase64: z.string() }),
  },
  /** The portal's pages (FAQ, service schema) and the reopening rule, for leads (online only). */
  'portal.consumption': { request: z.object({}).strict(), response: customerConsumptionSchema },
  'portal.content': { request: z.object({}).strict(), response: portalContentSchema },
  'portal.setPage': { request: setPortalPageRequestSchema, response: portalPageSchema },
  'portal.setSettings': { request: setDeskSettingsRequestSchema, response: deskSettingsSchema },
  /** «Da smistare»: strangers' mail, for leads (online only). */
  'mail.unsorted': { request: z.object({}).strict(), response: unsortedMailListSchema },
  'mail.fileUnsorted': { request: fileUnsortedRequestSchema, response: unsortedDecisionSchema },
  'mail.discardUnsorted': { request: discardUnsortedRequestSchema, response: unsortedDecisionSchema },
  /** Any sync command (domain writes): applied locally at once, queued for the central API. */
  'commands.execute': {
    request: z.object({ name: z.enum(commandNames), args: z.unknown() }).strict(),
    response: z.object({ queued: z.literal(true) }),
  },
  'sync.status': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.login': {
    request: z.object({ serverUrl: z.string().trim().min(1).max(300), email: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) }).strict(),
    response: syncStatusSchema,
  },
  'sync.logout': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.now': { request: z.object({}).strict(), response: syncStatusSchema },
  'sync.rejected': {
    request: z.object({}).strict(),
    response: z.array(rejectedCommandSchema),
  },
  'sync.discard': { request: z.object({ mutationId: z.int().positive() }).strict(), response: syncStatusSchema },
  'sync.retry': { request: z.object({ mutationId: z.int().positive() }).strict(), response: syncStatusSchema },
  'sync.quarantine': {
    request: z.object({}).strict(),
    response: z.array(z.object({ entity: z.string(), id: z.string(), error: z.string(), quarantinedAt: z.string() })),
  },
  'sync.realign': { request: z.object({}).strict(), response: syncStatusSchema },
  'customers.search': {
    request: z.object({ query: z.string().trim().max(100) }).strict(),
    response: z.array(
      z.object({ id: z.uuid(), code: z.string(), name: z.string(), city: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
    ),
  },
  'tickets.intake': {
    request: z
      .object({
        customer: z.union([
          z.object({ id: z.uuid() }).strict(),
          z
            .object({
              new: z
                .object({
                  name: z.string().trim().min(1, 'Indica la ragione sociale').max(200),
                  vatNumber: z.string().trim().max(20).nullable(),
                  email: z.email('E-mail non valida').nullable(),
                  phone: z.string().trim().max(40).nullable(),
                  city: z.string().trim().max(100).nullable(),
                })
                .strict(),
            })
            .strict(),
        ]),
        channel: channelSchema,
        subject: z.string().trim().min(1, 'Indica l’oggetto della richiesta').max(200),
        description: z.string().trim().max(5000),
        priority: prioritySchema,
        blocking: z.boolean(),
      })
      .strict(),
    response: z.object({ ticketId: z.uuid(), number: z.string(), customerId: z.uuid() }),
  },
  'tickets.close': {
    request: z
      .object({ ticketId: z.uuid(), cause: causeSchema, resolution: z.string().trim().min(1, 'Descrivi la soluzione').max(5000) })
      .strict(),
    response: z.object({ closed: z.literal(true) }),
  },
  'timer.active': {
    request: z.object({}).strict(),
    response: z.array(activeInterventionSchema),
  },
  'timer.start': {
    request: z
      .object({
        ticketId: z.uuid(),
        mode: interventionModeSchema,
        activity: z.enum(activityCodes),
        backupCheck: backupCheckSchema,
        deviceId: z.uuid().nullable().optional(),
        pauseRunning: z.boolean().optional(),
        /** The conditions of standard assistance as the customer answered them (standard activities only). */
        softwareUpToDate: z.boolean().nullable().optional(),
        conformingSetup: z.boolean().nullable().optional(),
      })
      .strict(),
    response: z.object({ interventionId: z.uuid() }),
  },
  'timer.pause': { request: z.object({ interventionId: z.uuid() }).strict(), response: z.object({ ok: z.literal(true) }) },
  'timer.resume': {
    request: z.object({ interventionId: z.uuid(), pauseRunning: z.boolean().optional() }).strict(),
    response: z.object({ ok: z.literal(true) }),
  },
  'timer.stop': { request: z.object({ interventionId: z.uuid() }).strict(), response: z.object({ ok: z.literal(true) }) },
  'timer.discardIdle': {
    request: z.object({ interventionId: z.uuid(), idleSince: instantSchema }).strict(),
    response: z.object({ ok: z.literal(true) }),
  },
  'timer.acknowledge': { request: z.object({ segmentId: z.uuid() }).strict(), response: z.object({ ok: z.literal(true) }) },
  'devices.findBySerial': {
    request: z.object({ serial: z.string().trim().min(1, 'Indica la matricola').max(60) }).strict(),
    response: z.object({ device: deviceSchema, customerName: z.string(), contracts: z.array(contractSchema) }).nullable(),
  },
  'repairs.list': { request: z.object({ open: z.boolean().optional() }).strict(), response: z.array(repairViewSchema) },
  'repairs.create': {
    request: z
      .object({
        device: z.union([z.object({ id: z.uuid() }).strict(), z.object({ new: newDeviceSchema }).strict()]),
        reportedDefect: z.string().trim().min(1, 'Descrivi il difetto segnalato').max(2000),
        ticketId: z.uuid().nullable(),
      })
      .strict(),
    response: z.object({ repairId: z.uuid() }),
  },
  // The console stamps when the work was logged with its server-aligned clock.
  'repairs.update': { request: commandArgsSchemas['repair.update'].omit({ loggedAt: true }), response: z.object({ ok: z.literal(true) }) },
  'repairs.advance': { request: commandArgsSchemas['repair.advance'], response: z.object({ ok: z.literal(true) }) },
  /** The team (from the replica): whom a team lead can assign a ticket to. */
  'users.list': {
    request: z.object({}).strict(),
    response: z.array(z.object({ id: z.uuid(), displayName: z.string(), role: roleSchema })),
  },
  /** «Giornata del team» for a Rome day, from the replica: team leads and admins only. */
  'review.day': { request: z.object({ day: calendarDaySchema, technicianId: z.uuid().nullable().optional() }).strict(), response: teamDaySchema },
  /** «Carico per tecnico»: open tickets per technician, by priority and waiting time (leads). */
  'review.workload': { request: z.object({}).strict(), response: workloadSchema },
  /** «Qualità»: feedback ratings and quality calls per technician for the tickets closed in a month (leads). */
  'review.quality': { request: z.object({ month: billingMonthSchema }).strict(), response: qualitySummarySchema },
  /** «Tempi di gestione»: per priority, the tickets closed in a month against the targets (leads). */
  'review.handling': { request: z.object({ month: billingMonthSchema }).strict(), response: handlingSummarySchema },
  /** Each console's last sync and pending commands, read from the central API: `unavailable` offline. */
  'review.consoles': { request: z.object({}).strict(), response: consolesResponseSchema },
  /** Outgoing mail that is stuck (parked or failing), read from the central API: leads and admins, `unavailable` offline. */
  'review.mail': { request: z.object({}).strict(), response: outboxReviewSchema },
  /** Sends a parked mail again (audited on the API). */
  'review.mailRetry': { request: outboxRetryRequestSchema, response: z.object({ requeued: z.literal(true) }) },
  /** The month's statements «a consuntivo» per customer, from the central API: leads and admins, `unavailable` offline. */
  'reports.statements': { request: z.object({ month: billingMonthSchema }).strict(), response: monthStatementsSchema },
  /** A statement file: the month's CSV for the accounting system, or one customer's PDF when a code is given. */
  'reports.statementFile': {
    request: z.object({ month: billingMonthSchema, customerCode: z.string().min(1).max(40).optional() }).strict(),
    response: statementFileSchema,
  },
  /** The customer portal and J2K, administered by leads through the central API (`unavailable` offline). */
  'portal.invite': { request: inviteContactRequestSchema, response: z.object({ contactId: z.uuid() }) },
  'portal.contacts': { request: portalContactsRequestSchema, response: z.object({ contacts: z.array(portalContactSchema) }) },
  'portal.disableContact': { request: disableContactRequestSchema, response: z.object({ disabled: z.literal(true) }) },
  'portal.offers': { request: z.object({}).strict(), response: staffOffersSchema },
  'portal.setOffer': { request: setOfferRequestSchema, response: z.object({ id: z.uuid() }) },
  'portal.orders': { request: z.object({}).strict(), response: pendingOrdersSchema },
  'portal.confirmOrder': { request: decideOrderRequestSchema, response: orderDecisionSchema },
  'portal.cancelOrder': { request: decideOrderRequestSchema, response: orderDecisionSchema },
  'intake.keys': { request: intakeKeysRequestSchema, response: z.object({ keys: z.array(intakeKeySchema) }) },
  /** A new J2K key: the answer is the only time the key itself is shown. */
  'intake.issueKey': { request: issueIntakeKeyRequestSchema, response: issuedIntakeKeySchema },
  'intake.revokeKey': { request: revokeIntakeKeyRequestSchema, response: intakeKeySchema },
  /** «Storico modifiche» of a record, read from the central API: `unavailable` offline. */
  'review.audit': { request: auditTrailRequestSchema, response: auditTrailSchema },
  /** The support calendar this console works with (the API's latest it has, or the built-in one: revision 0). */
  /** The billing policy's versions from the replica (none: the built-in policy), with who set the last. */
  'policy.get': {
    request: z.object({}).strict(),
    response: z.object({ revision: z.int().nonnegative(), versions: policyVersionsSchema, updatedAt: instantSchema.nullable(), updatedByName: z.string().nullable() }),
  },
  'calendar.get': {
    request: z.object({}).strict(),
    response: z.object({
      revision: z.int().nonnegative(),
      calendar: supportCalendarSchema,
      updatedAt: instantSchema.nullable(),
      updatedByName: z.string().nullable(),
    }),
  },
  /** A week's quality-call sample and list, from the replica: team leads and admins only. */
  'quality.week': {
    request: z.object({ week: isoWeekSchema }).strict(),
    response: z.object({
      week: isoWeekSchema,
      monday: calendarDaySchema,
      sunday: calendarDaySchema,
      sample: z
        .object({
          sharePercent: z.int(),
          closedTickets: z.int(),
          sampledAt: instantSchema,
          sampledByName: z.string().nullable(),
          calls: z.array(
            qualityCallSchema.extend({
              ticketNumber: z.string(),
              subject: z.string(),
              customerName: z.string(),
              customerPhone: z.string().nullable(),
              calledByName: z.string().nullable(),
              /** What the customer answered on the feedback form of the closure mail, if they did. */
              formRating: z.int().min(1).max(5).nullable().default(null),
            }),
          ),
        })
        .nullable(),
    }),
  },
  // The console stamps the call with its server-aligned clock.
  'quality.record': { request: commandArgsSchemas['quality.record'].omit({ at: true }), response: z.object({ ok: z.literal(true) }) },
  /** Where the desktop app's update stands; the browser host answers that updates do not apply. */
  'update.status': { request: z.object({}).strict(), response: updateStatusSchema },
  /** This workstation's update channel (stable or beta), kept in its settings. */
  'update.setChannel': { request: z.object({ channel: z.enum(['stable', 'beta']) }).strict(), response: updateStatusSchema },
  /** Seconds the whole computer has been idle, where the host can tell (Electron); null in a browser. */
  'system.idle': { request: z.object({}).strict(), response: z.object({ idleSeconds: z.number().nullable() }) },
  /** An admin's import of the customer base (dry run or real), run by the API; progress arrives as `import.progress`. */
  'admin.import': { request: importUploadSchema, response: importReportSchema },
  /** «Utenti»: the desk's staff accounts (admins only, from the API). */
  'admin.users': { request: z.object({}).strict(), response: staffAccountsSchema },
  'admin.createUser': { request: createStaffRequestSchema, response: z.object({ id: z.uuid() }) },
  'admin.setRole': { request: changeRoleRequestSchema, response: staffAccountChangeSchema },
  'admin.setDisabled': { request: setDisabledRequestSchema, response: staffAccountChangeSchema },
  'admin.sendReset': { request: staffAccountIdSchema, response: z.object({ sent: z.literal(true) }) },
  /** What the desk holds about a customer or a contact, as a file (admins, from the API). */
  'admin.exportPersonalData': { request: personalDataExportRequestSchema, response: personalDataFileSchema },
  /** Erases a contact on request (admins): name and address replaced everywhere, billing kept. */
  'admin.eraseContact': { request: eraseContactRequestSchema, response: eraseContactResultSchema },
  /** «Password dimenticata?» at the sign-in form: the API's answer, the same whether the address has an account or not. */
  'sync.forgotPassword': {
    request: z.object({ serverUrl: z.string().trim().min(1).max(300), email: z.string().trim().min(1).max(200) }).strict(),
    response: forgotPasswordResponseSchema,
  },
} as const satisfies Record<HostChannel, { request: z.ZodType; response: z.ZodType }>;

export type HostContract = typeof hostContract;
export type { HostChannel, HostEventName };
export type HostRequest<C extends HostChannel> = z.input<HostContract[C]['request']>;
export type HostParsedRequest<C extends HostChannel> = z.output<HostContract[C]['request']>;
export type HostResponse<C extends HostChannel> = z.output<HostContract[C]['response']>;

export const hostChannels: readonly HostChannel[] = hostChannelNames;

export const isHostChannel = (name: string): name is HostChannel => Object.hasOwn(hostContract, name);


/** Pushes from the host to the renderer. */
export const hostEvents = {
  'tickets.changed': z.object({ ids: z.array(z.uuid()) }),
  'sync.status': syncStatusSchema,
  'update.status': updateStatusSchema,
  'import.progress': importProgressSchema.extend({ fileName: z.string() }),
} as const satisfies Record<HostEventName, z.ZodType>;
export type HostEvents = typeof hostEvents;
export type HostEventPayload<E extends HostEventName> = z.output<HostEvents[E]>;
export const hostEventNames: readonly HostEventName[] = hostEventNameList;
export const isHostEventName = (name: string): name is HostEventName => Object.hasOwn(hostEvents, name);

/** What the renderer sees, whichever transport carries it. */
export type HostApi = {
  invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<Result<HostResponse<C>>>;
  subscribe<E extends HostEventName>(event: E, listener: (payload: HostEventPayload<E>) => void): () => void;
};

/** Handlers a host implements, one per channel, receiving parsed requests. */
export type HostHandlers = {
  [C in HostChannel]: (request: HostParsedRequest<C>) => Promise<HostResponse<C>> | HostResponse<C>;
};
