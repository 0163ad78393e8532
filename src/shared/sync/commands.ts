import { z } from 'zod';
import '../zod-italian.ts';
import { safeText } from '../input-text.ts';
import { describeZodIssues } from '../result.ts';
import { intakeSignatureMaxLength, ticketDescriptionMaxLength } from '../model/ticket-limits.ts';
import { activityCodes } from '../domain/activities.ts';
import { repairStatuses } from '../domain/repairs.ts';
import type { CalendarEdit } from '../domain/calendar-edit.ts';
import { timeWindowSchema, weekdayKeys } from '../domain/support-calendar.ts';
import { defaultQualitySharePercent, isoWeekSchema } from '../review/quality-calls.ts';
import { instantSchema } from '../model/calendar-day.ts';
import { attachmentRefSchema, messageBodyMaxLength, messageVisibilities } from '../conversation/ticket-message.ts';
import { attachmentsPerMessage } from '../conversation/attachment-types.ts';
import { workReportContentSchema, workReportSignatureSchema } from '../work-report/work-report.ts';
import { fiscalCodeProblem, italianVatNumberProblem } from '../import/italian-identifiers.ts';
import {
  backupCheckSchema,
  causeSchema,
  channelSchema,
  contractKindSchema,
  interventionModeSchema,
  prioritySchema,
} from '../model/enums.ts';

/**
 * Every write a console makes is one of these commands: applied locally at once, queued in the
 * outbox, and applied again by the central API, which is the authority. Arguments are strict:
 * a field the server owns (approval, billed figures) cannot be smuggled in.
 */
const id = z.uuid();
// Control characters (NUL above all: PostgreSQL refuses it) and lone surrogates are refused here,
// identically for both engines, so no database ever sees a value it would answer with an error.
const text = safeText;
const activitySchema = z.enum(activityCodes);

/** An Italian VAT number, as the console writes it (11 digits, check digit right); null: none. */
const vatNumberField = text(20)
  .nullable()
  .superRefine((value, context) => {
    const problem = value === null ? null : italianVatNumberProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem.charAt(0).toUpperCase() + problem.slice(1) });
  });
/** A person's 16-character fiscal code or a company's 11 digits, check character right; null: none. */
const fiscalCodeField = text(16)
  .nullable()
  .superRefine((value, context) => {
    const problem = value === null ? null : fiscalCodeProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem.charAt(0).toUpperCase() + problem.slice(1) });
  });

/** Instants any console may send: from 2000 to 2100, normalised to UTC so both engines compare them alike. */
const earliestInstant = Date.parse('2000-01-01T00:00:00Z');
const latestInstant = Date.parse('2100-01-01T00:00:00Z');
export const commandInstantSchema = instantSchema
  .refine((value) => {
    const at = Date.parse(value);
    return at >= earliestInstant && at < latestInstant;
  }, 'Data e ora fuori dall’intervallo ammesso (2000–2099)')
  .transform((value) => new Date(value).toISOString());
const supportWindowsSchema = z.array(timeWindowSchema).max(4, 'Al massimo quattro fasce orarie');
const monthDay = { month: z.int().min(1).max(12), day: z.int().min(1).max(31) };
const calendarEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('addClosure'), id, from: z.iso.date(), to: z.iso.date(), name: text(120).min(1, 'Indica il nome della chiusura'), windows: supportWindowsSchema }).strict(),
  z.object({ kind: z.literal('removeClosure'), id }).strict(),
  z.object({ kind: z.literal('setHoliday'), ...monthDay, name: text(120).min(1, 'Indica il nome della festività'), windows: supportWindowsSchema }).strict(),
  z.object({ kind: z.literal('removeHoliday'), ...monthDay }).strict(),
  z.object({ kind: z.literal('setWeekday'), weekday: z.enum(weekdayKeys), windows: supportWindowsSchema }).strict(),
  z.object({ kind: z.literal('setHandlingTarget'), priority: prioritySchema, takeMinutes: z.int().min(1).max(6000), resolveMinutes: z.int().min(1).max(24_000) }).strict(),
]) satisfies z.ZodType<CalendarEdit>;
const commandDaySchema = z.iso.date().refine((value) => value >= '2000-01-01' && value < '2100-01-01', 'Data fuori dall’intervallo ammesso (2000–2099)');

/** Every command's name, declared once; the schemas below must define exactly these. */
export const commandNames = [
  'customer.create',
  'ticket.create',
  'ticket.assign',
  'ticket.update',
  'ticket.close',
  'intervention.start',
  'intervention.pause',
  'intervention.confirmSegment',
  'intervention.resume',
  'intervention.stop',
  'intervention.edit',
  'intervention.approve',
  'intervention.adjustSegment',
  'device.upsert',
  'repair.create',
  'repair.update',
  'repair.advance',
  'device.confirmWarranty',
  'repair.approveReceipt',
  'hourBank.grant',
  'hourBank.registerPackage',
  'hourBank.adjust',
  'calendar.edit',
  'policy.set',
  'contract.add',
  'contract.amend',
  'contract.end',
  'customer.update',
  'quality.sample',
  'quality.record',
  'ticket.message',
  'workReport.record',
] as const;
export type CommandName = (typeof commandNames)[number];

export const commandArgsSchemas = {
  'customer.create': z
    .object({
      id,
      code: text(20).min(1),
      name: text(200).min(1),
      vatNumber: text(20).nullable(),
      email: z.email().nullable(),
      phone: text(40).nullable(),
      city: text(100).nullable(),
      fiscalCode: text(16).nullable().default(null),
      address: text(200).nullable().default(null),
      postalCode: text(10).nullable().default(null),
      province: text(2).nullable().default(null),
      notes: text(2000).nullable().default(null),
    })
    .strict(),
  'ticket.create': z
    .object({
      id,
      number: text(30).min(1),
      customerId: id,
      channel: channelSchema,
      subject: text(200).min(1),
      // A person's 5,000 characters plus the line an intake (portal, J2K) signs them with.
      description: text(ticketDescriptionMaxLength + intakeSignatureMaxLength),
      priority: prioritySchema,
      blocking: z.boolean(),
      openedAt: commandInstantSchema,
    })
    .strict(),
  'ticket.assign': z
    .object({
      ticketId: id,
      assigneeId: id.nullable(),
      /** Required of a team lead taking a ticket away from the colleague who holds it (audited). */
      reason: text(500).min(1).optional(),
    })
    .strict(),
  'ticket.update': z
    .object({
      ticketId: id,
      changes: z
        .object({
          subject: text(200).min(1).optional(),
          description: text(ticketDescriptionMaxLength + intakeSignatureMaxLength).optional(),
          priority: prioritySchema.optional(),
          status: z.enum(['open', 'in_progress', 'waiting']).optional(),
          blocking: z.boolean().optional(),
          channel: channelSchema.optional(),
          /** Only before any billed work, device or repair (`customerChangeRefusal`). */
          customerId: id.optional(),
        })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'Nessuna modifica indicata'),
      /** Required when a team lead changes a colleague's ticket, and when the correction changes what logged work costs. */
      reason: text(500).min(1).optional(),
    })
    .strict(),
  'ticket.close': z
    .object({ ticketId: id, cause: causeSchema, resolution: text(5000).min(1), closedAt: commandInstantSchema })
    .strict(),
  'intervention.start': z
    .object({
      id,
      ticketId: id,
      segmentId: id,
      deviceId: id.nullable().default(null),
      mode: interventionModeSchema,
      activity: activitySchema,
      backupCheck: backupCheckSchema,
      startedAt: commandInstantSchema,
      /** The conditions of standard assistance, as the customer answered them (null: not asked). */
      softwareUpToDate: z.boolean().nullable().default(null),
      conformingSetup: z.boolean().nullable().default(null),
    })
    .strict()
    .refine((args) => args.backupCheck === 'confirmed' || args.mode === 'phone', {
      message: 'Prima di un intervento tecnico va confermata la copia di sicurezza di programmi e archivi',
      path: ['backupCheck'],
    }),
  /** `crashCut`: the console found the timer cut by a crash and ends its segment at the last heartbeat, for the technician to confirm. */
  'intervention.pause': z.object({ interventionId: id, at: commandInstantSchema, crashCut: z.boolean().optional() }).strict(),
  /** The technician confirms a segment a crash cut short (the lead sees the ones not yet confirmed). */
  'intervention.confirmSegment': z.object({ interventionId: id, segmentId: id }).strict(),
  'intervention.resume': z.object({ interventionId: id, segmentId: id, at: commandInstantSchema }).strict(),
  'intervention.stop': z.object({ interventionId: id, at: commandInstantSchema }).strict(),
  'intervention.edit': z
    .object({
      interventionId: id,
      changes: z
        .object({
          notes: text(5000).optional(),
          activity: activitySchema.optional(),
          mode: interventionModeSchema.optional(),
          softwareUpToDate: z.boolean().nullable().optional(),
          conformingSetup: z.boolean().nullable().optional(),
        })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'Nessuna modifica indicata'),
      /** Required when a team lead changes a colleague's intervention. */
      reason: text(500).min(1).optional(),
    })
    .strict(),
  'intervention.approve': z.object({ interventionId: id }).strict(),
  /** A team lead corrects the instants of one segment of finished work, with a reason (audited, billed again). */
  'intervention.adjustSegment': z
    .object({
      interventionId: id,
      segmentId: id,
      startedAt: commandInstantSchema,
      endedAt: commandInstantSchema,
      reason: text(500).min(1),
    })
    .strict(),
  'device.upsert': z
    .object({
      id,
      customerId: id,
      model: text(120).min(1),
      serial: text(60).min(1),
      purchaseDate: commandDaySchema,
      warrantyMonths: z.int().min(12).max(36),
      /** Required when a team lead changes an existing device's purchase date or warranty (audited). */
      reason: text(500).min(1).optional(),
    })
    .strict(),
  'repair.create': z
    .object({
      id,
      customerId: id,
      deviceId: id,
      ticketId: id.nullable(),
      reportedDefect: text(2000).min(1),
      receivedOn: commandDaySchema,
    })
    .strict(),
  'repair.update': z
    .object({
      repairId: id,
      changes: z
        .object({
          diagnosis: text(5000).optional(),
          parts: text(2000).optional(),
          labourMinutes: z.int().min(0).max(10_000).optional(),
          restoreMinutes: z.int().min(0).max(10_000).optional(),
          transport: z.boolean().optional(),
          /** The spare parts fitted, each with its net unit price (the whole list: it replaces the previous one). */
          partsUsed: z
            .array(
              z
                .object({
                  id,
                  description: text(120).min(1, 'Descrivi il ricambio'),
                  quantity: z.int().min(1, 'Quantità almeno 1').max(999),
                  unitCents: z.int().min(0, 'Prezzo non negativo').max(10_000_000),
                })
                .strict(),
            )
            .max(30, 'Al massimo 30 ricambi per riparazione')
            .optional(),
          /** Transport's net price: a team lead's call (audited); null goes back to the policy's flat fee. */
          transportNetCents: z.int().min(0).max(1_000_000).nullable().optional(),
        })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'Nessuna modifica indicata'),
      /** Required of a team lead pricing the transport (audited). */
      reason: text(500).min(1).optional(),
      /** When the labour or restore minutes were entered (the console's server-aligned clock); the API's own time when absent. */
      loggedAt: commandInstantSchema.optional(),
    })
    .strict(),
  'repair.advance': z.object({ repairId: id, status: z.enum(repairStatuses) }).strict(),
  /** A team lead confirms the warranty data of a device a technician registered on the spot. */
  'device.confirmWarranty': z.object({ deviceId: id }).strict(),
  /** A team lead confirms a repair's receipt day reported long after it (the warranty then applies). */
  'repair.approveReceipt': z.object({ repairId: id, deviceId: id }).strict(),
  /** A team lead grants free hours to a customer (the allowance the hour bank draws from first). */
  'hourBank.grant': z
    .object({ customerId: id, minutes: z.int().min(1).max(100_000), reason: text(500).min(1) })
    .strict(),
  /** A team lead registers a prepaid package sold to a customer: hours, hourly rate, purchase and expiry. */
  'hourBank.registerPackage': z
    .object({
      id,
      customerId: id,
      minutes: z.int().min(30).max(100_000),
      rateCents: z.int().min(0).max(1_000_000),
      purchasedOn: commandDaySchema,
      /** The first day it no longer applies; null: no expiry. */
      expiresOn: commandDaySchema.nullable(),
    })
    .strict()
    .refine((args) => args.expiresOn === null || args.expiresOn > args.purchasedOn, 'La scadenza deve seguire la data di acquisto'),
  /** A team lead corrects a pot of the hour bank (plus or minus minutes), always with a reason. */
  'hourBank.adjust': z
    .object({
      customerId: id,
      packageId: id.nullable(),
      minutes: z.int().min(-100_000).max(100_000).refine((value) => value !== 0, 'Indica di quanti minuti correggere'),
      reason: text(500).min(1),
    })
    .strict(),
  /** A team lead changes the support calendar (a closure, a holiday, a weekday's hours), always with a reason. */
  'calendar.edit': z.object({ edit: calendarEditSchema, reason: text(500).min(1, 'Indica il motivo della modifica') }).strict(),
  /** A team lead records a customer's assistance contract (standard or J-System), with a reason (audited). */
  'contract.add': z
    .object({
      id,
      customerId: id,
      kind: contractKindSchema,
      validFrom: z.iso.date('Data di decorrenza non valida'),
      validTo: z.iso.date('Data di scadenza non valida').nullable(),
      notes: text(1000).nullable().default(null),
      reason: text(500).min(1, 'Indica il motivo'),
    })
    .strict(),
  /** A team lead corrects a contract's kind, period or notes (audited; open work is priced again). */
  'contract.amend': z
    .object({
      contractId: id,
      /** The contract's customer: the decision reads their other contracts and open work (checked against the contract). */
      customerId: id,
      changes: z
        .object({
          kind: contractKindSchema.optional(),
          validFrom: z.iso.date('Data di decorrenza non valida').optional(),
          validTo: z.iso.date('Data di scadenza non valida').nullable().optional(),
          notes: text(1000).nullable().optional(),
        })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'Nessuna modifica indicata'),
      reason: text(500).min(1, 'Indica il motivo'),
    })
    .strict(),
  /** A team lead or admin corrects a customer's master data (the code stays: imports and J2K know it by it). */
  'customer.update': z
    .object({
      id,
      changes: z
        .object({
          name: text(200).min(1, 'La ragione sociale è obbligatoria'),
          vatNumber: vatNumberField,
          fiscalCode: fiscalCodeField,
          address: text(200).nullable(),
          postalCode: text(5).regex(/^\d{5}$/, 'Il CAP ha 5 cifre').nullable(),
          city: text(100).nullable(),
          province: text(2).regex(/^[A-Z]{2}$/, 'La provincia è una sigla di due lettere maiuscole (es. VR)').nullable(),
          phone: text(40).nullable(),
          email: z.email('Indirizzo e-mail non valido').max(200).nullable(),
          notes: text(2000).nullable(),
          accountManagerId: id.nullable(),
        })
        .partial()
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'Nessuna modifica'),
    })
    .strict(),
  /** A team lead ends a contract on a day (its last covered day). */
  'contract.end': z.object({ contractId: id, customerId: id, lastDay: z.iso.date('Data non valida'), reason: text(500).min(1, 'Indica il motivo') }).strict(),
  /** An admin sets the billing policy from a future day (rate, VAT, minimum, fraction, J-System minutes, transport fee). */
  'policy.set': z
    .object({
      effectiveFrom: z.iso.date('Data di decorrenza non valida'),
      hourlyRateCents: z.int().min(1, 'La tariffa oraria è almeno 1 centesimo').max(100_000),
      vatRateBasisPoints: z.int().min(0).max(10_000),
      minimumMinutes: z.int().min(1).max(600),
      incrementMinutes: z.int().min(1).max(600),
      extendedIncludedMinutes: z.int().min(0).max(600),
      transportFeeCents: z.int().min(0).max(1_000_000),
      reason: text(500).min(1, 'Indica il motivo della modifica'),
    })
    .strict(),
  /** A team lead draws the week's sample of closed tickets for quality calls (once per week: drawing it again changes nothing). */
  'quality.sample': z.object({ week: isoWeekSchema, sharePercent: z.int().min(1).max(100).default(defaultQualitySharePercent) }).strict(),
  /** A team lead records a quality call: reached (with the customer's rating) or not, and notes. */
  'quality.record': z
    .object({
      week: isoWeekSchema,
      ticketId: id,
      outcome: z.enum(['reached', 'not_reached']),
      rating: z.int().min(1).max(5).nullable(),
      notes: text(2000),
      at: commandInstantSchema,
    })
    .strict(),
  'ticket.message': z
    .object({
      id,
      ticketId: id,
      visibility: z.enum(messageVisibilities),
      body: text(messageBodyMaxLength).refine((value) => value.trim().length > 0, 'Scrivi il testo del messaggio'),
      writtenAt: commandInstantSchema,
      /** Files uploaded to the API first (online): their references. */
      attachments: z.array(attachmentRefSchema).max(attachmentsPerMessage, `Al massimo ${attachmentsPerMessage} allegati per messaggio`).default([]),
    })
    .strict(),
  /** A work report signed (or declined) on the technician's laptop: immutable, checked against its SHA-256. */
  'workReport.record': z
    .object({
      id,
      ticketId: id,
      supersedes: id.nullable(),
      content: workReportContentSchema,
      signature: workReportSignatureSchema,
      contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'Impronta del rapportino non valida'),
    })
    .strict(),
} as const satisfies { [N in CommandName]: z.ZodType };

export type CommandArgs<N extends CommandName> = z.output<(typeof commandArgsSchemas)[N]>;
export type Command = { [N in CommandName]: { name: N; args: CommandArgs<N> } }[CommandName];

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(commandArgsSchemas, name);

/** Parses an untyped `{ name, args }` into a typed command, or explains in Italian why not. */
export const parseCommand = (
  name: string,
  args: unknown,
): { ok: true; command: Command } | { ok: false; message: string } => {
  if (!isCommandName(name)) return { ok: false, message: `Comando sconosciuto: ${name}` };
  const parsed = commandArgsSchemas[name].safeParse(args);
  if (!parsed.success) {
    return { ok: false, message: `Comando ${name} non valido: ${describeZodIssues(parsed.error, 1) || 'argomenti errati'}` };
  }
  return { ok: true, command: { name, args: parsed.data } as Command };
};
