import type { Kysely } from 'kysely';
import { feedbackAnswerSchema, type FeedbackAnswer } from '../../shared/review/feedback.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import { recordChanges } from '../sync/change-log.ts';
import { hashFeedbackToken, isFeedbackTokenShaped } from './feedback-token.ts';

type Db = Kysely<ServerDatabase>;

export type FeedbackRequestView = {
  state: 'open' | 'answered' | 'expired';
  ticketNumber: string;
  subject: string;
  customerName: string;
  expiresAt: string;
  submittedAt: string | null;
};

const requestQuery = (db: Db) =>
  db
    .selectFrom('feedback_requests')
    .innerJoin('tickets', 'tickets.id', 'feedback_requests.ticket_id')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .select([
      'feedback_requests.id',
      'feedback_requests.expires_at',
      'feedback_requests.submitted_at',
      'tickets.number',
      'tickets.subject',
      'customers.name',
    ]);

const viewOf = (row: { expires_at: string; submitted_at: string | null; number: string; subject: string; name: string }, now: Date): FeedbackRequestView => ({
  state: row.submitted_at !== null ? 'answered' : row.expires_at <= now.toISOString() ? 'expired' : 'open',
  ticketNumber: row.number,
  subject: row.subject,
  customerName: row.name,
  expiresAt: row.expires_at,
  submittedAt: row.submitted_at,
});

/** The request a feedback link stands for, or null when the token is not one we issued. */
export const readFeedbackRequest = async (db: Db, token: string, now: Date): Promise<FeedbackRequestView | null> => {
  if (!isFeedbackTokenShaped(token)) return null;
  const row = await requestQuery(db).where('feedback_requests.token_hash', '=', hashFeedbackToken(token)).executeTakeFirst();
  return row ? viewOf(row, now) : null;
};

export type FeedbackSubmission =
  | { outcome: 'recorded'; view: FeedbackRequestView }
  | { outcome: 'invalid'; view: FeedbackRequestView; message: string; answer: { rating: string; comment: string } }
  | { outcome: 'answered' | 'expired'; view: FeedbackRequestView }
  | { outcome: 'unknown' };

/**
 * Stores the customer's answer once: the row is locked (PostgreSQL) and written only while still
 * unanswered, so two submissions at the same moment record one answer and the other is told it
 * was already given. The answer then travels to the consoles like any synced row.
 */
export const submitFeedback = async (db: Db, token: string, form: Record<string, unknown>, now: Date): Promise<FeedbackSubmission> => {
  if (!isFeedbackTokenShaped(token)) return { outcome: 'unknown' };
  return db.transaction().execute(async (trx) => {
    const row = await lockedIf(requestQuery(trx).where('feedback_requests.token_hash', '=', hashFeedbackToken(token)), canLockRows(trx)).executeTakeFirst();
    if (!row) return { outcome: 'unknown' };
    const view = viewOf(row, now);
    if (view.state !== 'open') return { outcome: view.state, view };
    const parsed = feedbackAnswerSchema.safeParse({ rating: form['rating'] ?? undefined, comment: form['comment'] ?? undefined });
    if (!parsed.success)
      return {
        outcome: 'invalid',
        view,
        message: parsed.error.issues[0]?.message ?? 'Risposta non valida.',
        answer: { rating: String(form['rating'] ?? ''), comment: String(form['comment'] ?? '').slice(0, 4000) },
      };
    const answer: FeedbackAnswer = parsed.data;
    const at = now.toISOString();
    const updated = await trx
      .updateTable('feedback_requests')
      .set({ rating: answer.rating, comment: answer.comment, submitted_at: at })
      .where('id', '=', row.id)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { outcome: 'answered', view: { ...view, state: 'answered' } };
    await recordChanges(trx, [{ entity: 'feedback', id: row.id }], now);
    return { outcome: 'recorded', view: { ...view, state: 'answered', submittedAt: at } };
  });
};
