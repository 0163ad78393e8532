import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from '../mail/mail-outbox.repository.ts';
import { ticketRecipient } from '../mail/ticket-recipient.ts';

/**
 * Queues the work report's mail in the transaction that stored it, to `ticketRecipient`; the PDF
 * is made from the stored report when sent. A customer with no address gets nothing (the
 * technician was told at signing time).
 */
export const queueWorkReportMail = async (trx: Transaction<ServerDatabase>, reportId: string, now: Date): Promise<void> => {
  const report = await trx
    .selectFrom('work_reports')
    .innerJoin('tickets', 'tickets.id', 'work_reports.ticket_id')
    .select(['work_reports.id', 'work_reports.ticket_id', 'tickets.customer_id'])
    .where('work_reports.id', '=', reportId)
    .executeTakeFirst();
  if (!report) return;
  const recipient = await ticketRecipient(trx, report.ticket_id);
  if (!recipient) return;
  await enqueueMail(trx, { kind: 'work_report', payload: { reportId: report.id }, recipient: recipient.email, ticketId: report.ticket_id, customerId: report.customer_id, at: now.toISOString() });
};
