import type { Kysely } from 'kysely';
import { billingMonthOf, firstWorkingDayOf, previousBillingMonth, romeDay } from '../../../shared/domain/index.ts';
import { formatDay, formatEuroCents, formatMinutes } from '../../../shared/format.ts';
import { hourPotWords } from '../../../shared/customer-words.ts';
import { billingMonthLabel, type CustomerStatement } from '../../../shared/reports/statement.ts';
import { readSupportCalendar } from '../../calendar/calendar.repository.ts';
import type { ServerDatabase } from '../../db/server-schema.ts';
import { enqueueMail } from '../../mail/mail-outbox.repository.ts';
import { readMonthStatements } from './statement.service.ts';

/** The statement in the customer's words: every line, the totals, the hours drawn, where the PDF is. */
export const monthlyStatementMail = (month: string, statement: CustomerStatement, publicUrl: string): { subject: string; body: string } => {
  const label = billingMonthLabel(month);
  const packageMinutes = statement.draws.packages.reduce((sum, item) => sum + item.minutes, 0);
  const lines = statement.lines.map((line) =>
    [
      `- ${formatDay(romeDay(line.workAt))}`,
      line.ticketNumber ? ` · richiesta ${line.ticketNumber}` : '',
      ` · ${line.activity}${line.description ? `: ${line.description}` : ''}`,
      line.kind === 'work' ? ` (${formatMinutes(line.invoicedMinutes)} ${hourPotWords.invoice})` : '',
      line.adjustment ? ' (rettifica di un mese precedente)' : '',
      `: ${formatEuroCents(line.grossCents)} IVA inclusa`,
    ].join(''),
  );
  const body = [
    `Gentile ${statement.customer.name},`,
    '',
    `ecco il rendiconto di ${label} delle voci da fatturare (interventi a consuntivo, ricambi, trasporti, pacchetti di ore).`,
    '',
    ...lines,
    '',
    `Totale: ${formatEuroCents(statement.totals.netCents)} + IVA ${formatEuroCents(statement.totals.vatCents)} = ${formatEuroCents(statement.totals.grossCents)}`,
    `Dal monte ore nel mese: ${hourPotWords.free} ${formatMinutes(statement.draws.freeMinutes)}, pacchetti ${formatMinutes(packageMinutes)}.`,
    '',
    `Il rendiconto in PDF e il dettaglio di ogni richiesta sono sul portale clienti: ${publicUrl}/portal/#/rendiconti`,
    'Documento non fiscale: la fattura sarà emessa separatamente.',
  ].join('\n');
  return { subject: `Rendiconto di ${label} · ${statement.customer.name}`.replaceAll('\n', ' '), body };
};

/**
 * On the first working day of a month (or later, if the API was not running then), each customer
 * with something to invoice last month and an e-mail address receives that month's statement, once:
 * the row in `statement_mailings` is taken in the same transaction as the mail is queued, so several
 * API processes, or a restart, never send it twice. The month is closed by then: its figures are final.
 */
export const queueMonthlyStatements = async (db: Kysely<ServerDatabase>, now: Date, publicUrl: string): Promise<{ month: string; queued: number } | null> => {
  const thisMonth = billingMonthOf(now);
  const calendar = await readSupportCalendar(db);
  if (romeDay(now) < firstWorkingDayOf(thisMonth, calendar)) return null;
  const month = previousBillingMonth(thisMonth);
  const { statements } = await readMonthStatements(db, month, now);
  const due = statements.filter((statement) => statement.lines.length > 0);
  if (due.length === 0) return { month, queued: 0 };
  const emails = new Map(
    (await db.selectFrom('customers').select(['id', 'email']).where('id', 'in', due.map((statement) => statement.customer.id)).execute()).map((row) => [row.id, row.email]),
  );
  let queued = 0;
  const at = now.toISOString();
  for (const statement of due) {
    const recipient = emails.get(statement.customer.id);
    if (!recipient) continue;
    await db.transaction().execute(async (trx) => {
      const taken = await trx
        .insertInto('statement_mailings')
        .values({ customer_id: statement.customer.id, month, mail_id: null, created_at: at })
        .onConflict((conflict) => conflict.columns(['customer_id', 'month']).doNothing())
        .executeTakeFirst();
      if (Number(taken.numInsertedOrUpdatedRows ?? 0) === 0) return;
      const mailId = await enqueueMail(trx, { kind: 'text', recipient, ticketId: null, customerId: statement.customer.id, at, ...monthlyStatementMail(month, statement, publicUrl) });
      await trx.updateTable('statement_mailings').set({ mail_id: mailId }).where('customer_id', '=', statement.customer.id).where('month', '=', month).execute();
      queued += 1;
    });
  }
  return { month, queued };
};

/**
 * The monthly mailing as the mail worker runs it at every pass: the month's statements are read
 * once per process and month (after that the pass is free); a failed attempt is tried again.
 */
export const monthlyStatementSchedule = (db: Kysely<ServerDatabase>, publicUrl: string) => {
  let doneFor: string | null = null;
  return async (now: Date): Promise<void> => {
    const month = billingMonthOf(now);
    if (doneFor === month) return;
    if ((await queueMonthlyStatements(db, now, publicUrl)) !== null) doneFor = month;
  };
};
