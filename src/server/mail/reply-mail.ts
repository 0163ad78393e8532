import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from './mail-outbox.repository.ts';
import type { ReplyMailPayload } from './mail-payloads.ts';

/**
 * Queues the mail of a public reply in the transaction that stored it. It goes to the contact who
 * last wrote on the request (from the portal or by mail), else to the customer's address; a
 * customer with neither gets nothing (the reply is on the portal all the same).
 */
export const queueReplyMail = async (trx: Transaction<ServerDatabase>, messageId: string, now: Date): Promise<void> => {
  const message = await trx
    .selectFrom('ticket_messages')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'ticket_messages.author_id')
    .select([
      'ticket_messages.ticket_id',
      'ticket_messages.body',
      'ticket_messages.visibility',
      'ticket_messages.attachments_json',
      'ticket_messages.author_name',
      'users.display_name',
      'tickets.number',
      'tickets.subject',
      'tickets.customer_id',
      'customers.name as customer_name',
      'customers.email as customer_email',
    ])
    .where('ticket_messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.visibility !== 'public') return;
  const lastContact = await trx
    .selectFrom('ticket_messages')
    .innerJoin('customer_contacts', 'customer_contacts.id', 'ticket_messages.contact_id')
    .select(['customer_contacts.email', 'customer_contacts.name'])
    .where('ticket_messages.ticket_id', '=', message.ticket_id)
    .where('customer_contacts.disabled', '=', 0)
    .orderBy('ticket_messages.written_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const recipient = lastContact?.email ?? message.customer_email;
  if (!recipient) return;
  const attachments: Array<{ name: string }> = JSON.parse(message.attachments_json);
  const payload: ReplyMailPayload = {
    customerName: lastContact?.name ?? message.customer_name,
    ticketId: message.ticket_id,
    ticketNumber: message.number,
    ticketSubject: message.subject,
    authorName: message.display_name ?? message.author_name ?? 'L’assistenza',
    body: message.body,
    attachmentNames: attachments.map((attachment) => attachment.name),
  };
  await enqueueMail(trx, { kind: 'reply', payload, recipient, ticketId: message.ticket_id, customerId: message.customer_id, at: now.toISOString() });
};
