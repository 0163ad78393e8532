import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { discardUnsortedRequestSchema, fileUnsortedRequestSchema, UnsortedMail } from '../../shared/conversation/unsorted-mail.ts';
import { newId } from '../../shared/ids.ts';
import { ticketDescriptionMaxLength } from '../../shared/model/ticket-limits.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { recordChanges } from '../sync/change-log.ts';
import { writeCustomerMessage } from './conversation.service.ts';

type Db = Kysely<ServerDatabase>;

const assertLeadUser = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'La posta da smistare è dei team leader e degli amministratori.');
};

/** The mail no one has filed yet, oldest first. */
export const listUnsortedMail = async (db: Db, user: AuthenticatedUser): Promise<{ mails: UnsortedMail[] }> => {
  assertLeadUser(user);
  const rows = await db.selectFrom('unsorted_mail').selectAll().where('filed_at', 'is', null).orderBy('received_at').limit(200).execute();
  return {
    mails: rows.map((row) => ({ id: row.id, sender: row.sender, senderName: row.sender_name, subject: row.subject, body: row.body, quoted: row.quoted, attachments: JSON.parse(row.attachments_json), receivedAt: row.received_at })),
  };
};

/** Locks the mail so two leads deciding at once decide one after the other; a decided mail is not decided again. */
const lockUndecided = async (trx: Transaction<ServerDatabase>, id: string) => {
  const row = await lockedIf(trx.selectFrom('unsorted_mail').selectAll().where('id', '=', id), canLockRows(trx)).executeTakeFirst();
  if (!row) throw new AppFailure('not_found', 'E-mail non trovata.');
  if (row.filed_at !== null) throw new AppFailure('conflict', 'Questa e-mail è già stata smistata da un collega.');
  return row;
};

/**
 * A lead says whose a stranger's mail is: a request on channel «E-mail» opens for that customer
 * (by the lead, audited), the mail's files and quoted history go to its thread, the consoles learn it at their next pull.
 */
export const fileUnsortedMail = async (db: Db, user: AuthenticatedUser, request: z.output<typeof fileUnsortedRequestSchema>, now: Date, timePolicy: TimePolicy) => {
  assertLeadUser(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const mail = await lockUndecided(trx, request.id);
    const id = newId();
    const number = `E-${at.slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`;
    const parsed = parseCommand('ticket.create', {
      id,
      number,
      customerId: request.customerId,
      channel: mail.channel ?? 'email',
      subject: mail.subject,
      description: (mail.channel ?? 'email') !== 'email' ? mail.body.slice(0, ticketDescriptionMaxLength) : `${mail.body.slice(0, ticketDescriptionMaxLength)}\n\n— Richiesta per e-mail da ${mail.sender_name ?? mail.sender} <${mail.sender}>`,
      priority: 'P3',
      blocking: false,
      openedAt: at,
    });
    if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
    await recordChanges(trx, await executeCommand(trx, { id: user.id, role: user.role }, parsed.command, now, timePolicy), now);
    const attachments = JSON.parse(mail.attachments_json);
    if (attachments.length > 0 || mail.quoted) {
      await writeCustomerMessage(
        trx,
        { ticketId: id, customerId: request.customerId, contactId: null, authorName: mail.sender_name ?? mail.sender, source: mail.channel ?? 'email', body: mail.body, quoted: mail.quoted, attachments, mailMessageId: null, followUpChannel: 'email' },
        now,
        timePolicy,
      );
    }
    await trx.updateTable('unsorted_mail').set({ filed_ticket_id: id, filed_by: user.id, filed_at: at }).where('id', '=', mail.id).execute();
    await writeAudit(trx, user.id, { entity: 'unsorted_mail', entityId: mail.id, action: 'mail.file', before: { sender: mail.sender, subject: mail.subject }, after: { customerId: request.customerId, ticketNumber: number }, reason: 'E-mail da smistare assegnata a un cliente' }, at);
    return { id: mail.id, ticketId: id, ticketNumber: number };
  });
};

/** A lead throws a stranger's mail away (spam, a wrong address), saying why; audited. */
export const discardUnsortedMail = async (db: Db, user: AuthenticatedUser, request: z.output<typeof discardUnsortedRequestSchema>, now: Date) => {
  assertLeadUser(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const mail = await lockUndecided(trx, request.id);
    await trx.updateTable('unsorted_mail').set({ filed_by: user.id, filed_at: at }).where('id', '=', mail.id).execute();
    await writeAudit(trx, user.id, { entity: 'unsorted_mail', entityId: mail.id, action: 'mail.discard', before: { sender: mail.sender, subject: mail.subject }, after: null, reason: request.reason.trim() }, at);
    return { id: mail.id, ticketId: null, ticketNumber: null };
  });
};
