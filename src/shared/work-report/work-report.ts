import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { coverageWords } from '../customer-words.ts';
import { activityCatalog, isActivityCode, romeDay, type PolicyVersion, type SupportCalendar } from '../domain/index.ts';
import { instantSchema } from '../model/calendar-day.ts';
import { interventionModeLabels } from '../model/enums.ts';
import { provisionalEvaluation } from '../model/intervention-evaluation.ts';
import type { TicketDetail } from '../model/ticket.schema.ts';
import { safeText } from '../input-text.ts';

/**
 * The on-site work report («rapportino d'intervento», issue 26): what was done at the customer's
 * premises, signed on the technician's laptop (or declined), immutable once signed. Its SHA-256
 * covers the canonical JSON of the content and the signature, so both ends check the same bytes
 * and a report changed after signing is refused. A later change to the work makes a new version.
 */
export const provisionalNotice =
  'Tempi e importi sono provvisori: l’addebito definitivo è confermato dal sistema centrale e compare nel riepilogo di chiusura e nel rendiconto mensile.';

const segmentSchema = z.object({ startedAt: instantSchema, endedAt: instantSchema.nullable() });
export const workReportContentSchema = z.object({
  ticket: z.object({ id: z.uuid(), number: z.string(), subject: z.string() }),
  customer: z.object({ code: z.string(), name: z.string(), site: z.string().nullable(), email: z.string().nullable() }),
  technician: z.object({ id: z.uuid(), name: z.string() }),
  day: z.iso.date(),
  interventions: z
    .array(
      z.object({
        id: z.uuid(),
        mode: z.string(),
        activity: z.string(),
        segments: z.array(segmentSchema).max(200),
        workedMinutes: z.int().nonnegative(),
        billedMinutes: z.int().nonnegative(),
        classification: z.string(),
        reasons: z.array(z.string()),
        notes: z.string(),
        netCents: z.int(),
        vatCents: z.int(),
        grossCents: z.int(),
      }),
    )
    .min(1)
    .max(20),
  partsUsed: z.string().max(2000),
  notes: z.string().max(4000),
  nextSteps: z.string().max(2000),
  totals: z.object({ workedMinutes: z.int().nonnegative(), billedMinutes: z.int().nonnegative(), netCents: z.int(), vatCents: z.int(), grossCents: z.int() }),
  provisionalNotice: z.string(),
  composedAt: instantSchema,
});
export type WorkReportContent = z.infer<typeof workReportContentSchema>;

/** A stroke is a list of points in the pad's own units (0–1000 wide, 0–400 high). */
const pointSchema = z.tuple([z.number().min(0).max(1000), z.number().min(0).max(400)]);
export const workReportSignatureSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('signed'),
      signerName: safeText(120).refine((value) => value.trim().length >= 2, 'Il cliente scrive il suo nome'),
      strokes: z.array(z.array(pointSchema).max(2000)).min(1, 'Manca la firma').max(200),
      /** The pad as a PNG, printed on the PDF (base64, at most 300 kB). */
      imagePng: z.base64().max(400_000),
      signedAt: instantSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('declined'),
      reason: safeText(300).refine((value) => value.trim().length >= 3, 'Indica perché il cliente non firma'),
      recordedAt: instantSchema,
    })
    .strict(),
]);
export type WorkReportSignature = z.infer<typeof workReportSignatureSchema>;

/** JSON with object keys in order, no spaces: the same text for the same content on every machine. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
};

/** The report's fingerprint: SHA-256 of the canonical content and signature, as hex. */
export const workReportHash = (content: WorkReportContent, signature: WorkReportSignature): string => bytesToHex(sha256(utf8ToBytes(canonicalJson({ content, signature }))));

export const syncedWorkReportSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  version: z.int().min(1),
  /** The version this one replaces (the work changed after signing); null for the first. */
  supersedes: z.uuid().nullable(),
  content: workReportContentSchema,
  signature: workReportSignatureSchema,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: instantSchema,
  createdBy: z.uuid(),
});
export type WorkReport = z.infer<typeof syncedWorkReportSchema>;

export type WorkReportRecordRow = {
  id: string;
  ticket_id: string;
  version: number;
  supersedes: string | null;
  content_json: string;
  signature_json: string;
  content_hash: string;
  created_at: string;
  created_by: string;
};

export const workReportRowToWire = (row: WorkReportRecordRow): WorkReport =>
  syncedWorkReportSchema.parse({
    id: row.id,
    ticketId: row.ticket_id,
    version: row.version,
    supersedes: row.supersedes,
    content: JSON.parse(row.content_json),
    signature: JSON.parse(row.signature_json),
    contentHash: row.content_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
  });

export const workReportWireToRow = (report: WorkReport): WorkReportRecordRow => ({
  id: report.id,
  ticket_id: report.ticketId,
  version: report.version,
  supersedes: report.supersedes,
  content_json: canonicalJson(report.content),
  signature_json: canonicalJson(report.signature),
  content_hash: report.contentHash,
  created_at: report.createdAt,
  created_by: report.createdBy,
});

const siteOf = (customer: TicketDetail['customer']): string | null => {
  const place = [customer.postalCode, customer.city, customer.province ? `(${customer.province})` : null].filter(Boolean).join(' ');
  const parts = [customer.address, place].filter((part) => part && part.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : null;
};

/**
 * The report of the chosen interventions (done at the customer's premises) as the console knows
 * them now: each segment, worked and billed time, classification with its reasons and the charge,
 * provisional until the central API confirms it (the authoritative figures when it already has).
 */
export const composeWorkReport = (input: {
  ticket: TicketDetail;
  interventionIds: readonly string[];
  technician: { id: string; name: string };
  extras: { partsUsed: string; notes: string; nextSteps: string };
  now: Date;
  calendar?: SupportCalendar;
  policies?: readonly PolicyVersion[];
}): WorkReportContent => {
  const chosen = input.ticket.interventions.filter((intervention) => input.interventionIds.includes(intervention.id));
  const interventions = chosen.map((intervention) => {
    const figures = intervention.billing ?? provisionalEvaluation(input.ticket, intervention, input.now, input.calendar, input.policies ?? []);
    return {
      id: intervention.id,
      mode: interventionModeLabels[intervention.mode],
      activity: isActivityCode(intervention.activity) ? activityCatalog[intervention.activity].label : intervention.activity,
      segments: intervention.segments.map((segment) => ({ startedAt: segment.startedAt, endedAt: segment.endedAt })),
      workedMinutes: Math.floor(figures.workedSeconds / 60),
      billedMinutes: figures.billedMinutes,
      classification: coverageWords(figures).label,
      reasons: [...figures.reasons],
      notes: intervention.notes,
      netCents: figures.netCents,
      vatCents: figures.vatCents,
      grossCents: figures.grossCents,
    };
  });
  const sum = (pick: (item: (typeof interventions)[number]) => number) => interventions.reduce((total, item) => total + pick(item), 0);
  const first = chosen.map((intervention) => intervention.startedAt).sort()[0] ?? input.now.toISOString();
  return {
    ticket: { id: input.ticket.id, number: input.ticket.number, subject: input.ticket.subject },
    customer: { code: input.ticket.customer.code, name: input.ticket.customer.name, site: siteOf(input.ticket.customer), email: input.ticket.customer.email },
    technician: input.technician,
    day: romeDay(first),
    interventions,
    partsUsed: input.extras.partsUsed.trim(),
    notes: input.extras.notes.trim(),
    nextSteps: input.extras.nextSteps.trim(),
    totals: {
      workedMinutes: sum((item) => item.workedMinutes),
      billedMinutes: sum((item) => item.billedMinutes),
      netCents: sum((item) => item.netCents),
      vatCents: sum((item) => item.vatCents),
      grossCents: sum((item) => item.grossCents),
    },
    provisionalNotice,
    composedAt: input.now.toISOString(),
  };
};

/** What the central API confirmed for one intervention of a report. */
export type ConfirmedCharge = { billedMinutes: number; grossCents: number; reasons: readonly string[]; drawnMinutes: number };

/**
 * When the API's confirmed charge differs from what the customer signed (provisional), what the
 * closure mail says and why: the hours drawn from the hour bank, a change to the work, the
 * classification's reasons. Null when they agree.
 */
export const chargeDifference = (content: WorkReportContent, confirmed: ReadonlyMap<string, ConfirmedCharge>) => {
  const signed = { billedMinutes: content.totals.billedMinutes, grossCents: content.totals.grossCents };
  const items = content.interventions.map((item) => ({ item, confirmed: confirmed.get(item.id) ?? null }));
  const final = {
    billedMinutes: items.reduce((sum, entry) => sum + (entry.confirmed?.billedMinutes ?? 0), 0),
    grossCents: items.reduce((sum, entry) => sum + (entry.confirmed?.grossCents ?? 0), 0),
  };
  if (final.billedMinutes === signed.billedMinutes && final.grossCents === signed.grossCents && items.every((entry) => entry.confirmed)) return null;
  const why: string[] = [];
  const drawn = items.reduce((sum, entry) => sum + (entry.confirmed?.drawnMinutes ?? 0), 0);
  if (drawn > 0) why.push(`${drawn} minuti sono stati scalati dal monte ore invece che fatturati.`);
  if (items.some((entry) => !entry.confirmed)) why.push('una parte del lavoro attende la verifica di un responsabile e non è ancora addebitata.');
  if (items.some((entry) => entry.confirmed && entry.confirmed.billedMinutes !== entry.item.billedMinutes)) why.push('i tempi sono stati corretti dopo la firma.');
  for (const entry of items) for (const reason of entry.confirmed?.reasons ?? []) if (!entry.item.reasons.includes(reason) && !why.includes(reason)) why.push(reason);
  return { signed, confirmed: final, why };
};
