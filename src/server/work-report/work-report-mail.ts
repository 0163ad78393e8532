import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from '../mail/mail-outbox.repository.ts';

/**
 * Queues the work report's mail in the transaction that stored it: to the contact who last wrote
 * on the request, else the customer's address; the PDF is made from the stored report when sent.
 * A customer with no address gets nothing (the technician was told at signing time).
 */
export const queueWorkReportMail = async (trx: Transaction<ServerDatabase>, reportId: string, now: Date): Promise<void> => {
  const report = await trx
    .selectFrom('work_reports')
    .innerJoin('tickets', 'tickets.id', 'work_reports.ticket_id')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .select(['work_reports.id', 'work_reports.ticket_id', 'tickets.customer_id', 'customers.email'])
    .where('work_reports.id', '=', reportId)
    .executeTakeFirst();
  if (!report) return;
  const contact = await trx
    .selectFrom('ticket_messages')
    .innerJoin('customer_contacts', 'customer_contacts.id', 'ticket_messages.contact_id')
    .select('customer_contacts.email')
    .where('ticket_messages.ticket_id', '=', report.ticket_id)
    .where('customer_contacts.disabled', '=', 0)
    .orderBy('ticket_messages.written_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const recipient = contact?.email ?? report.email;
  if (!recipient) return;
  await enqueueMail(trx, { kind: 'work_report', payload: { reportId: report.id }, recipient, ticketId: report.ticket_id, customerId: report.customer_id, at: now.toISOString() });
};
