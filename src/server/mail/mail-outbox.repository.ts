import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { MailKind, ServerDatabase } from '../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;
export type OutboxRow = ServerDatabase['mail_outbox'];

/**
 * Queues a mail in the caller's transaction: it goes out only if what it tells about commits. A
 * mail is either a kind with its payload (rendered when sent, with the server's settings) or a
 * plain text written now (`text`: subject and body as given).
 */
export const enqueueMail = async (
  trx: Kysely<ServerDatabase>,
  mail: { recipient: string; ticketId: string | null; customerId: string | null; at: string } & (
    | { kind: Exclude<MailKind, 'text'>; payload: unknown }
    | { kind: 'text'; subject: string; body: string }
  ),
): Promise<string> => {
  const id = newId();
  await trx
    .insertInto('mail_outbox')
    .values({
      id,
      ticket_id: mail.ticketId,
      customer_id: mail.customerId,
      kind: mail.kind,
      recipient: mail.recipient,
      subject: mail.kind === 'text' ? mail.subject : null,
      body: mail.kind === 'text' ? mail.body : null,
      payload_json: mail.kind === 'text' ? null : JSON.stringify(mail.payload),
      status: 'queued',
      attempts: 0,
      next_attempt_at: mail.at,
      last_error: null,
      claimed_by: null,
      claimed_until: null,
      created_at: mail.at,
      sent_at: null,
    })
    .execute();
  return id;
};

/**
 * Claims up to `limit` due rows for one worker until `claimedUntil`. On PostgreSQL the candidates
 * are locked with SKIP LOCKED, so workers of several API processes claim disjoint rows without
 * waiting on each other; a claim that outlives its worker (a crash) lapses at `claimedUntil`.
 */
export const claimDueMails = async (
  db: Db,
  claim: { workerId: string; now: string; claimedUntil: string; limit: number; canLock: boolean },
): Promise<OutboxRow[]> =>
  db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('mail_outbox')
      .select('id')
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', claim.now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(claim.limit);
    if (claim.canLock) due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((row) => row.id);
    if (ids.length === 0) return [];
    return trx
      .updateTable('mail_outbox')
      .set({ claimed_by: claim.workerId, claimed_until: claim.claimedUntil })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
  });

/**
 * Marks a claimed row sent, keeping it without the one-use secrets it carried (`redacted`); answers
 * false when the claim was lost (another worker took over).
 */
export const markMailSent = async (
  db: Db,
  id: string,
  workerId: string,
  at: string,
  redacted: Pick<OutboxRow, 'payload_json' | 'body'>,
): Promise<boolean> => {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: at, claimed_by: null, claimed_until: null, last_error: null, ...redacted })
    .where('id', '=', id)
    .where('claimed_by', '=', workerId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Records a failed attempt: back to the queue at `nextAttemptAt`, or parked for an admin. */
export const markMailFailed = async (
  db: Db,
  failure: { id: string; workerId: string; error: string; attempts: number; nextAttemptAt: string | null },
): Promise<void> => {
  await db
    .updateTable('mail_outbox')
    .set({
      status: failure.nextAttemptAt === null ? 'parked' : 'queued',
      attempts: failure.attempts,
      last_error: failure.error.slice(0, 1000),
      next_attempt_at: failure.nextAttemptAt,
      claimed_by: null,
      claimed_until: null,
    })
    .where('id', '=', failure.id)
    .where('claimed_by', '=', failure.workerId)
    .execute();
};

/** Mails that need an admin's eye: parked ones and queued ones that already failed, newest first. */
export const readTroubledMails = (db: Db, limit: number) =>
  db
    .selectFrom('mail_outbox')
    .leftJoin('tickets', 'tickets.id', 'mail_outbox.ticket_id')
    .select([
      'mail_outbox.id',
      'mail_outbox.kind',
      'mail_outbox.recipient',
      'mail_outbox.status',
      'mail_outbox.attempts',
      'mail_outbox.last_error',
      'mail_outbox.next_attempt_at',
      'mail_outbox.created_at',
      'tickets.number as ticket_number',
    ])
    .where((eb) => eb.or([eb('mail_outbox.status', '=', 'parked'), eb.and([eb('mail_outbox.status', '=', 'queued'), eb('mail_outbox.attempts', '>', 0)])]))
    .orderBy('mail_outbox.created_at', 'desc')
    .limit(limit)
    .execute();

/** Counts by status, for the admin's summary. */
export const countMailsByStatus = async (db: Db): Promise<Record<OutboxRow['status'], number>> => {
  const rows = await db.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  const counts = { queued: 0, sent: 0, failed: 0, parked: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
};

/** Puts a parked mail back in the queue now, with a fresh count of attempts. */
export const requeueMail = async (db: Db, id: string, at: string): Promise<boolean> => {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: at, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('status', '=', 'parked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};
