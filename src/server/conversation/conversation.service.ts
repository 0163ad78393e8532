import type { Kysely, Transaction } from 'kysely';
import { closedTicketFollowUp, defaultReopenWithinDays, type AttachmentRef, type MessageSource } from '../../shared/conversation/ticket-message.ts';
import { formatDay } from '../../shared/format.ts';
import { romeDay } from '../../shared/domain/index.ts';
import { newId } from '../../shared/ids.ts';
import type { Channel } from '../../shared/model/enums.ts';
import type { PortalMessage, PortalMessageResult } from '../../shared/portal-api/portal-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { executeCommand } from '../commands/command-executor.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { intakeActor } from '../intake/intake-actor.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { recordChanges } from '../sync/change-log.ts';

type Db = Kysely<ServerDatabase>;
type Trx = Transaction<ServerDatabase>;

/** The lead's rule for a customer writing on a closed request (desk setting `reopen_within_days`). */
export const readReopenWithinDays = async (db: Db | Trx): Promise<number> => {
  const row = await db.selectFrom('desk_settings').select('value').where('key', '=', 'reopen_within_days').executeTakeFirst();
  const days = row ? Number(row.value) : Number.NaN;
  return Number.isInteger(days) && days >= 0 ? days : defaultReopenWithinDays;
};

export type CustomerMessageInput = {
  ticketId: string;
  customerId: string;
  /** The portal contact who wrote it (null: a mail from the customer's address, or a channel). */
  contactId: string | null;
  authorName: string;
  source: Exclude<MessageSource, 'console'>;
  body: string;
  quoted: string | null;
  attachments: AttachmentRef[];
  /** The Message-ID of the mail it came in: the same mail is never filed twice. */
  mailMessageId: string | null;
  /** The channel of the new request when a message on a long-closed one opens another. */
  followUpChannel: Channel;
};

/**
 * Writes a customer's message on their request, in the caller's transaction. On a closed request
 * the lead's rule decides (`closedTicketFollowUp`): within the window the request is reopened
 * (audited), later a new request refers to the old one and takes the message. The consoles learn
 * it all at their next pull.
 */
export const writeCustomerMessage = async (trx: Trx, input: CustomerMessageInput, now: Date, timePolicy: TimePolicy): Promise<PortalMessageResult> => {
  const at = now.toISOString();
  const ticket = await lockedIf(trx.selectFrom('tickets').selectAll().where('id', '=', input.ticketId).where('customer_id', '=', input.customerId), canLockRows(trx)).executeTakeFirst();
  if (!ticket) throw new AppFailure('not_found', 'Richiesta non trovata.');
  const refs: ChangeRef[] = [];
  let target = { id: ticket.id, number: ticket.number };
  let outcome: PortalMessageResult['outcome'] = 'written';
  if (ticket.status === 'closed' && ticket.closed_at) {
    const days = await readReopenWithinDays(trx);
    if (closedTicketFollowUp(ticket.closed_at, at, days) === 'reopen') {
      await trx.updateTable('tickets').set({ status: 'open', closed_at: null, updated_at: at }).where('id', '=', ticket.id).execute();
      await writeAudit(
        trx,
        null,
        { entity: 'ticket', entityId: ticket.id, action: 'ticket.reopen', before: { status: 'closed', closedAt: ticket.closed_at }, after: { status: 'open' }, reason: `Messaggio di ${input.authorName} entro ${days} giorni dalla chiusura` },
        at,
      );
      refs.push({ entity: 'ticket', id: ticket.id });
      outcome = 'reopened';
    } else {
      const id = newId();
      const number = `${ticket.number}-S${id.replaceAll('-', '').slice(-4).toUpperCase()}`;
      const parsed = parseCommand('ticket.create', {
        id,
        number,
        customerId: input.customerId,
        channel: input.followUpChannel,
        subject: `Seguito di ${ticket.number}: ${ticket.subject}`.slice(0, 200),
        description: `Segue la richiesta ${ticket.number}, chiusa il ${formatDay(romeDay(new Date(ticket.closed_at)))}.`,
        priority: 'P3',
        blocking: false,
        openedAt: at,
      });
      if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
      refs.push(...(await executeCommand(trx, intakeActor, parsed.command, now, timePolicy)));
      target = { id, number };
      outcome = 'newTicket';
    }
  }
  const messageId = newId();
  await trx
    .insertInto('ticket_messages')
    .values({
      id: messageId,
      ticket_id: target.id,
      author_kind: 'customer',
      author_id: null,
      author_name: input.authorName,
      visibility: 'public',
      source: input.source,
      body: input.body.trim(),
      quoted: input.quoted,
      attachments_json: JSON.stringify(input.attachments),
      written_at: at,
      created_at: at,
      contact_id: input.contactId,
      mail_message_id: input.mailMessageId,
    })
    .execute();
  refs.push({ entity: 'ticket_message', id: messageId });
  await recordChanges(trx, refs, now);
  return { ticketId: target.id, messageId, outcome, ticketNumber: target.number };
};

export const postCustomerMessage = (db: Db, input: CustomerMessageInput, now: Date, timePolicy: TimePolicy): Promise<PortalMessageResult> =>
  db.transaction().execute((trx) => writeCustomerMessage(trx, input, now, timePolicy));

/** The public messages of a customer's requests, oldest first, with the name the customer sees for each author. */
export const readPortalMessages = async (db: Db, customerId: string, ticketIds: readonly string[]): Promise<Map<string, PortalMessage[]>> => {
  const byTicket = new Map<string, PortalMessage[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .selectFrom('ticket_messages')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .leftJoin('users', 'users.id', 'ticket_messages.author_id')
    .select([
      'ticket_messages.id',
      'ticket_messages.ticket_id',
      'ticket_messages.author_kind',
      'ticket_messages.author_name',
      'ticket_messages.source',
      'ticket_messages.body',
      'ticket_messages.quoted',
      'ticket_messages.attachments_json',
      'ticket_messages.written_at',
      'users.display_name',
    ])
    // Scoped twice: the customer's own tickets, and public messages only (an internal note never leaves the desk).
    .where('tickets.customer_id', '=', customerId)
    .where('ticket_messages.visibility', '=', 'public')
    .where('ticket_messages.ticket_id', 'in', ticketIds)
    .orderBy('ticket_messages.written_at')
    .orderBy('ticket_messages.id')
    .execute();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id) ?? [];
    if (list.length === 0) byTicket.set(row.ticket_id, list);
    list.push({
      id: row.id,
      authorKind: row.author_kind,
      authorLabel: row.author_kind === 'staff' ? `${row.display_name ?? 'Tecnico'} · Assistenza` : row.author_kind === 'system' ? 'Presidio' : (row.author_name ?? 'Cliente'),
      source: row.source,
      body: row.body,
      quoted: row.quoted,
      attachments: JSON.parse(row.attachments_json),
      writtenAt: row.written_at,
    });
  }
  return byTicket;
};

/** Whether a file belongs to a message of this ticket (staff: any message; customer: public ones of their own ticket). */
export const ticketHasAttachment = async (db: Db, query: { ticketId: string; sha256: string; customerId?: string }): Promise<boolean> => {
  let select = db
    .selectFrom('ticket_messages')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .select('ticket_messages.id')
    .where('ticket_messages.ticket_id', '=', query.ticketId)
    // The hash is 64 hex characters (checked before): no pattern character can reach LIKE.
    .where('ticket_messages.attachments_json', 'like', `%"${query.sha256}"%`);
  if (query.customerId !== undefined) select = select.where('tickets.customer_id', '=', query.customerId).where('ticket_messages.visibility', '=', 'public');
  return (await select.limit(1).executeTakeFirst()) !== undefined;
};
