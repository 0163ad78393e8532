import type { Kysely } from 'kysely';
import type { OutboxReview } from '../../shared/review/outbox.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { countMailsByStatus, readTroubledMails, requeueMail } from './mail-outbox.repository.ts';

type Db = Kysely<ServerDatabase>;

const requireLead = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'La posta in uscita è riservata ai team leader e agli amministratori.');
};

/** What the outbox holds and which mails are stuck, with their last error. */
export const readOutboxReview = async (db: Db, user: AuthenticatedUser): Promise<OutboxReview> => {
  requireLead(user);
  const [counts, rows] = await Promise.all([countMailsByStatus(db), readTroubledMails(db, 100)]);
  return {
    counts,
    troubled: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      status: row.status === 'parked' ? 'parked' : 'queued',
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      createdAt: row.created_at,
      ticketNumber: row.ticket_number,
    })),
  };
};

/** Sends a parked mail again (after the address or the server was fixed), audited. */
export const retryParkedMail = async (db: Db, user: AuthenticatedUser, id: string, now: Date): Promise<{ requeued: true }> => {
  requireLead(user);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if (!(await requeueMail(trx, id, at))) throw new AppFailure('conflict', 'Questa e-mail non è accantonata: forse è già stata rimessa in coda.');
    await writeAudit(trx, user.id, { entity: 'mail', entityId: id, action: 'mail.retry', before: { status: 'parked' }, after: { status: 'queued' }, reason: 'Nuovo invio richiesto' }, at);
  });
  return { requeued: true };
};
