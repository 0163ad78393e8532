import { z } from 'zod';
import { customerFiguresSchema } from '../../shared/model/customer-figures.ts';
import { customerRepairSchema } from '../../shared/model/customer-repair.ts';
import { causeSchema, interventionModeSchema } from '../../shared/model/enums.ts';

/**
 * What a queued mail says, captured in the transaction that queued it (figures as of that moment)
 * and rendered when it is sent, with the server's settings (public address, sender, policy).
 */
const residualSchema = z.object({
  freeMinutes: z.int(),
  packages: z.array(z.object({ id: z.string(), remainingMinutes: z.int(), totalMinutes: z.int(), purchasedOn: z.string(), expiresOn: z.string().optional() })),
});

export const closureMailPayloadSchema = z.object({
  customerName: z.string(),
  ticket: z.object({
    number: z.string(),
    subject: z.string(),
    cause: causeSchema.nullable(),
    resolution: z.string().nullable(),
    openedAt: z.string(),
    closedAt: z.string(),
  }),
  interventions: z.array(
    z.object({
      startedAt: z.string(),
      mode: interventionModeSchema,
      activity: z.string(),
      notes: z.string(),
      /** Who did the work (absent in rows queued before it was recorded). */
      technicianName: z.string().optional(),
      /** Null while the figures wait (times to approve): the mail says so instead of inventing them. */
      figures: customerFiguresSchema
        .nullable(),
    }),
  ),
  residual: residualSchema,
  /** The ticket's hardware repairs (absent in rows queued before they were part of the mail). */
  repairs: z.array(customerRepairSchema).default([]),
  /** The signed work report's provisional charge when the confirmed one differs, and why (absent: none or the same). */
  workReportDifference: z
    .object({
      version: z.int(),
      signedAt: z.string(),
      signed: z.object({ billedMinutes: z.int(), grossCents: z.int() }),
      confirmed: z.object({ billedMinutes: z.int(), grossCents: z.int() }),
      why: z.array(z.string()),
    })
    .nullable()
    .default(null),
  /** The one-use feedback token: only the mail knows it (the database keeps its hash). */
  feedbackToken: z.string(),
  feedbackExpiresAt: z.string(),
});
export type ClosureMailPayload = z.infer<typeof closureMailPayloadSchema>;

export const hourBankNoticePayloadSchema = z.object({
  customerName: z.string(),
  notices: z.array(
    z.object({
      kind: z.enum(['free', 'package']),
      threshold: z.enum(['low', 'exhausted']),
      totalMinutes: z.int(),
      remainingMinutes: z.int(),
      expiresOn: z.string().optional(),
    }),
  ),
  residual: residualSchema,
});
export type HourBankNoticePayload = z.infer<typeof hourBankNoticePayloadSchema>;

/**
 * A sent mail's row without the one-use secrets it carried (the feedback token, a portal invite's
 * link): only their hashes authenticate, and a copy of the outbox (a backup) must not open them.
 */
/** A public reply on a request: the text as written, rendered with a link to the request on the portal. */
export const replyMailPayloadSchema = z.object({
  customerName: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  ticketSubject: z.string(),
  authorName: z.string(),
  body: z.string(),
  attachmentNames: z.array(z.string()).default([]),
});
export type ReplyMailPayload = z.infer<typeof replyMailPayloadSchema>;

/** A work report's mail: rendered, with its PDF, from the stored report when sent. */
export const workReportMailPayloadSchema = z.object({ reportId: z.string() });

export const withoutSecrets = (row: { kind: string; payload_json: string | null; body: string | null }): { payload_json: string | null; body: string | null } => {
  let payload = row.payload_json;
  if (row.kind === 'closure' && payload) {
    const parsed = closureMailPayloadSchema.safeParse(JSON.parse(payload));
    if (parsed.success) payload = JSON.stringify({ ...parsed.data, feedbackToken: '' });
  }
  return { payload_json: payload, body: row.body?.replaceAll(/(\/portal\/#\/(?:invito|password)\/)[A-Za-z0-9_-]+/g, '$1…') ?? null };
};
