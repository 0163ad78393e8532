import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from './mail-outbox.repository.ts';
import { ticketRecipient } from './ticket-recipient.ts';
import { queueWhatsAppReply } from '../channels/whatsapp-outbox.ts';
import type { ReplyMailPayload } from './mail-payloads.ts';

/**
 * Queues the mail of a public reply in the transaction that stored it, to `ticketRecipient`.
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
    ])
    .where('ticket_messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.visibility !== 'public') return;
  // A request that came by WhatsApp is answered there (when the customer's number is known).
  if (await queueWhatsAppReply(trx, messageId, now)) return;
  const recipient = await ticketRecipient(trx, message.ticket_id);
  if (!recipient) return;
  const attachments: Array<{ name: string }> = JSON.parse(message.attachments_json);
  const payload: ReplyMailPayload = {
    customerName: recipient.name ?? message.customer_name,
    ticketId: message.ticket_id,
    ticketNumber: message.number,
    ticketSubject: message.subject,
    authorName: message.display_name ?? message.author_name ?? 'L’assistenza',
    body: message.body,
    attachmentNames: attachments.map((attachment) => attachment.name),
  };
  await enqueueMail(trx, { kind: 'reply', payload, recipient: recipient.email, ticketId: message.ticket_id, customerId: message.customer_id, at: now.toISOString() });
};
