import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';

/**
 * The conversation on a request (issue 24): one definition of a message for the console, the API
 * and the portal. A message is written once and never edited; what the customer sees is decided
 * by `visibility` alone, here, so the portal's answers and the mails cannot disagree.
 */
export const messageAuthorKinds = ['staff', 'customer', 'system'] as const;
export type MessageAuthorKind = (typeof messageAuthorKinds)[number];

/** `public`: the customer reads it (portal, mail). `internal`: staff only, the default for a technician's note. */
export const messageVisibilities = ['public', 'internal'] as const;
export type MessageVisibility = (typeof messageVisibilities)[number];

/** Where a message came from: the channels that arrive by themselves add theirs here. */
export const messageSources = ['console', 'portal', 'email', 'whatsapp', 'voicemail'] as const;
export type MessageSource = (typeof messageSources)[number];
export const messageSourceLabels = {
  console: 'Presidio',
  portal: 'Portale',
  email: 'E-mail',
  whatsapp: 'WhatsApp',
  voicemail: 'Segreteria telefonica',
} as const satisfies Record<MessageSource, string>;

export const messageBodyMaxLength = 10_000;

/** A file kept by the API under its SHA-256 (content-addressed), never inside the sync log. */
export const attachmentRefSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().max(200),
  mediaType: z.string().max(100),
  sizeBytes: z.int().nonnegative(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** A file a colleague attaches from the console: its name and bytes (base64), through the host and to the API as JSON. */
export const staffAttachmentUploadSchema = z.object({ fileName: z.string().min(1).max(300), dataBase64: z.base64().min(1) }).strict();

export const syncedTicketMessageSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  authorKind: z.enum(messageAuthorKinds),
  /** The staff user who wrote it; null for a customer or the system. */
  authorId: z.uuid().nullable(),
  /** The customer's or the channel's name; null for staff, whose name is their account's. */
  authorName: z.string().nullable(),
  visibility: z.enum(messageVisibilities),
  source: z.enum(messageSources),
  body: z.string(),
  /** The quoted history of a mail reply: kept, shown folded. */
  quoted: z.string().nullable().default(null),
  attachments: z.array(attachmentRefSchema).default([]),
  /** When its author wrote it (a console's instant, corrected for its clock; the API's for the others). */
  writtenAt: instantSchema,
});
export type TicketMessage = z.infer<typeof syncedTicketMessageSchema>;

/** The row both databases keep: the wire's fields in snake case, attachments as JSON text. */
export type TicketMessageRecordRow = {
  id: string;
  ticket_id: string;
  author_kind: MessageAuthorKind;
  author_id: string | null;
  author_name: string | null;
  visibility: MessageVisibility;
  source: MessageSource;
  body: string;
  quoted: string | null;
  attachments_json: string;
  written_at: string;
};

export const ticketMessageRowToWire = (row: TicketMessageRecordRow): TicketMessage =>
  syncedTicketMessageSchema.parse({
    id: row.id,
    ticketId: row.ticket_id,
    authorKind: row.author_kind,
    authorId: row.author_id,
    authorName: row.author_name,
    visibility: row.visibility,
    source: row.source,
    body: row.body,
    quoted: row.quoted,
    attachments: JSON.parse(row.attachments_json),
    writtenAt: row.written_at,
  });

export const ticketMessageWireToRow = (message: TicketMessage): TicketMessageRecordRow => ({
  id: message.id,
  ticket_id: message.ticketId,
  author_kind: message.authorKind,
  author_id: message.authorId,
  author_name: message.authorName,
  visibility: message.visibility,
  source: message.source,
  body: message.body,
  quoted: message.quoted,
  attachments_json: JSON.stringify(message.attachments),
  written_at: message.writtenAt,
});

/** A lead's rule: a customer writing on a request closed less than this many days ago reopens it. */
export const defaultReopenWithinDays = 14;

/**
 * What a customer's message on a closed request does: within the lead's window it reopens the
 * request; later it opens a new request that refers to the old one (its history stays closed).
 */
export const closedTicketFollowUp = (closedAt: string, now: string, reopenWithinDays: number): 'reopen' | 'newTicket' =>
  Date.parse(now) - Date.parse(closedAt) <= reopenWithinDays * 86_400_000 ? 'reopen' : 'newTicket';
