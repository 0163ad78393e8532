import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';

/**
 * Whom a mail about a request goes to: the portal contact who last wrote on it (still active),
 * else the customer's own address; null when there is neither (the request is on the portal
 * all the same). Replies and work reports ask the same question.
 */
export const ticketRecipient = async (trx: Transaction<ServerDatabase>, ticketId: string): Promise<{ email: string; name: string | null } | null> => {
  const contact = await trx
    .selectFrom('ticket_messages')
    .innerJoin('customer_contacts', 'customer_contacts.id', 'ticket_messages.contact_id')
    .select(['customer_contacts.email', 'customer_contacts.name'])
    .where('ticket_messages.ticket_id', '=', ticketId)
    .where('customer_contacts.disabled', '=', 0)
    .orderBy('ticket_messages.written_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (contact) return contact;
  const customer = await trx.selectFrom('tickets').innerJoin('customers', 'customers.id', 'tickets.customer_id').select('customers.email').where('tickets.id', '=', ticketId).executeTakeFirst();
  return customer?.email ? { email: customer.email, name: null } : null;
};
