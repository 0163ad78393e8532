import { z } from 'zod';

export const mailKindLabels = { text: 'Messaggio', closure: 'Riepilogo di chiusura', hour_bank_notice: 'Avviso monte ore', reply: 'Risposta su una richiesta', work_report: 'Rapportino d’intervento' } as const;

/** The central API's outgoing mail as a team lead or admin sees it: what is stuck and why. */
export const outboxReviewSchema = z.object({
  counts: z.object({ queued: z.int(), sent: z.int(), failed: z.int(), parked: z.int() }),
  troubled: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['text', 'closure', 'hour_bank_notice', 'reply', 'work_report']),
      recipient: z.string(),
      status: z.enum(['queued', 'parked']),
      attempts: z.int(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      createdAt: z.string(),
      ticketNumber: z.string().nullable(),
    }),
  ),
});
export type OutboxReview = z.infer<typeof outboxReviewSchema>;

export const outboxRetryRequestSchema = z.object({ id: z.uuid() }).strict();
