import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';
import { safeText } from '../input-text.ts';
import { voicemailPresets } from '../conversation/voicemail.ts';

/**
 * Who is calling (issue 25): the desk's PBX tells the API when a call rings, is answered and ends
 * (`POST /cti/calls`); every console learns it at its next pull and shows the caller's customer.
 * The weekend number's calls are told apart.
 */
export const callLines = ['main', 'weekend'] as const;
export type CallLine = (typeof callLines)[number];
export const callLineLabels = { main: 'Numero dell’assistenza', weekend: 'Numero weekend' } as const satisfies Record<CallLine, string>;
export const callStates = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallState = (typeof callStates)[number];

export const syncedCallSchema = z.object({
  id: z.uuid(),
  /** The caller's number, canonical (E.164); null when hidden or unreadable. */
  fromNumber: z.string().nullable(),
  line: z.enum(callLines),
  customerId: z.uuid().nullable(),
  state: z.enum(callStates),
  answeredBy: z.uuid().nullable(),
  rangAt: instantSchema,
  answeredAt: instantSchema.nullable(),
  endedAt: instantSchema.nullable(),
  durationSeconds: z.int().nonnegative().nullable(),
});
export type Call = z.infer<typeof syncedCallSchema>;

export type CallRecordRow = {
  id: string;
  from_number: string | null;
  line: CallLine;
  customer_id: string | null;
  state: CallState;
  answered_by: string | null;
  rang_at: string;
  answered_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
};

export const callRowToWire = (row: CallRecordRow): Call =>
  syncedCallSchema.parse({
    id: row.id,
    fromNumber: row.from_number,
    line: row.line,
    customerId: row.customer_id,
    state: row.state,
    answeredBy: row.answered_by,
    rangAt: row.rang_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
  });

/** What a PBX posts: its own id of the call, the event, the caller, the line called, who answered (their e-mail). */
export const ctiEventSchema = z
  .object({
    callId: safeText(100).refine((value) => value.trim().length > 0, 'Manca l’identificativo della chiamata'),
    event: z.enum(['ring', 'answer', 'hangup']),
    from: safeText(40),
    to: safeText(40).optional(),
    agent: z.email().max(200).optional(),
    at: instantSchema.optional(),
  })
  .strict();
export type CtiEvent = z.infer<typeof ctiEventSchema>;

/** A call a console shows while it rings (or that its user answered), for this long. */
export const ringingShownForMs = 2 * 60_000;

/** A call as a console shows it while it rings: the caller's customer, their coverage, their open requests. */
export const currentCallSchema = z.object({
  id: z.uuid(),
  fromNumber: z.string().nullable(),
  line: z.enum(callLines),
  state: z.enum(callStates),
  rangAt: z.string(),
  customer: z
    .object({ id: z.uuid(), code: z.string(), name: z.string(), coverage: z.object({ standard: z.boolean(), extended: z.boolean(), warranty: z.boolean() }) })
    .nullable(),
  openTickets: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string() })),
});
export type CurrentCall = z.infer<typeof currentCallSchema>;
/** A customer's call log line on their card. */
export const loggedCallSchema = z.object({ id: z.uuid(), line: z.enum(callLines), state: z.enum(callStates), rangAt: z.string(), durationSeconds: z.int().nullable(), answeredBy: z.string().nullable() });

/** A PBX's key as leads see it (never the key itself, shown once when issued). */
export const ctiKeySchema = z.object({ id: z.uuid(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() });
export const issuedCtiKeySchema = ctiKeySchema.extend({ key: z.string() });

/** What the API's channels are set to (no secret ever leaves the API): for the admin's «Canali». */
export const channelStatusSchema = z.object({
  mailbox: z.object({ host: z.string(), user: z.string(), mailbox: z.string() }).nullable(),
  voicemail: z.object({ sender: z.string(), preset: z.enum(voicemailPresets) }).nullable(),
  whatsApp: z.object({ phoneNumberId: z.string(), apiUrl: z.string(), template: z.string().nullable() }).nullable(),
  weekendLine: z.string().nullable(),
});
export type ChannelStatus = z.infer<typeof channelStatusSchema>;
