import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';

/** The longest comment a customer may leave on the feedback form. */
export const feedbackCommentMaxLength = 2000;

/** What the customer answers on the feedback form reached from the closure mail (domain rules §6). */
export const feedbackAnswerSchema = z.object({
  rating: z.coerce
    .number({ error: 'Scelga un voto da 1 a 5.' })
    .int({ error: 'Scelga un voto da 1 a 5.' })
    .min(1, { error: 'Scelga un voto da 1 a 5.' })
    .max(5, { error: 'Scelga un voto da 1 a 5.' }),
  comment: z
    .string()
    .max(feedbackCommentMaxLength, { error: `Il commento può avere al massimo ${feedbackCommentMaxLength} caratteri.` })
    .transform((text) => text.replaceAll('\u0000', '').trim())
    .default(''),
});
export type FeedbackAnswer = z.infer<typeof feedbackAnswerSchema>;

/** A customer's answer as it travels to the consoles: shown beside the ticket and in the quality calls. */
export const syncedFeedbackSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  rating: z.int().min(1).max(5),
  comment: z.string(),
  submittedAt: instantSchema,
});
export type SyncedFeedback = z.infer<typeof syncedFeedbackSchema>;

export const ratingLabels = ['', 'Pessimo', 'Scarso', 'Sufficiente', 'Buono', 'Ottimo'] as const;
