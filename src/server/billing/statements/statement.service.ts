import type { Kysely } from 'kysely';
import { billingMonthBounds, billingMonthSchema, isBillingMonthClosed, type BillingMonth } from '../../../shared/domain/index.ts';
import { statementLines, statementTotals, type CustomerStatement, type MonthStatements } from '../../../shared/reports/statement.ts';
import { AppFailure } from '../../../shared/result.ts';
import { isLead } from '../../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../../auth/auth.service.ts';
import type { ServerDatabase } from '../../db/server-schema.ts';
import { readBookedEntries, readCustomerByCode, readCustomers, readHoursDrawn, readPackagesSold, readWorkStatedBefore } from './statement.repository.ts';
import { formatMinutes } from '../../../shared/format.ts';

type Db = Kysely<ServerDatabase>;

export const requireStatementReader = (user: AuthenticatedUser): void => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'I rendiconti mensili sono riservati ai team leader e agli amministratori.');
};

export const parseBillingMonth = (text: string): BillingMonth => {
  const parsed = billingMonthSchema.safeParse(text);
  if (!parsed.success) throw new AppFailure('invalid_argument', `Mese non valido: «${text}». Usa aaaa-mm, per esempio 2026-11.`);
  return parsed.data;
};

/**
 * The month's statements "a consuntivo" (domain rules §5), per customer: the work invoiced beyond
 * the hours (booked in the month, so a closed month always answers the same), the hours drawn from
 * the free allowance and each package, and the totals. Customers with nothing to state are left out.
 */
export const readMonthStatements = async (db: Db, month: BillingMonth, now: Date, customerCode?: string): Promise<MonthStatements> => {
  const span = billingMonthBounds(month);
  const [entries, drawn, sold] = await Promise.all([readBookedEntries(db, span, customerCode), readHoursDrawn(db, span, customerCode), readPackagesSold(db, span, customerCode)]);
  const workId = (row: { intervention_id: string | null; repair_id: string | null }) => row.intervention_id ?? row.repair_id ?? '';
  const statedBefore = await readWorkStatedBefore(db, span.from, [...new Set(entries.map(workId))]);
  const customerIds = [...new Set([...entries.map((row) => row.customer_id), ...drawn.map((row) => row.customer_id), ...sold.map((row) => row.customer_id)])];
  const customers = await readCustomers(db, customerIds);
  const statements: CustomerStatement[] = customers.map((customer) => {
    const lines = statementLines(
      entries
        .filter((row) => row.customer_id === customer.id)
        .map((row) => ({
          workId: workId(row),
          workAt: row.work_at,
          ticketNumber: row.ticket_number,
          activity: row.activity,
          billedMinutes: Number(row.billed_minutes),
          invoicedMinutes: Number(row.invoiced_minutes),
          netCents: Number(row.net_cents),
          vatCents: Number(row.vat_cents),
          grossCents: Number(row.gross_cents),
          description: row.description,
        }))
        .concat(
          sold
            .filter((row) => row.customer_id === customer.id)
            .map((row) => ({
              workId: row.id,
              workAt: row.decided_at ?? span.from,
              ticketNumber: null,
              activity: 'package_sale',
              billedMinutes: 0,
              invoicedMinutes: 0,
              netCents: Number(row.net_cents),
              vatCents: Number(row.vat_cents),
              grossCents: Number(row.gross_cents),
              description: `${row.offer_name} (${formatMinutes(Number(row.minutes))})`,
            })),
        ),
      statedBefore,
    );
    const own = drawn.filter((row) => row.customer_id === customer.id);
    return {
      customer: { id: customer.id, code: customer.code, name: customer.name, vatNumber: customer.vat_number },
      lines,
      draws: {
        freeMinutes: -own.filter((row) => row.source === 'free').reduce((sum, row) => sum + Number(row.minutes), 0),
        packages: own
          .filter((row) => row.source === 'package' && row.package_id !== null && Number(row.minutes) !== 0)
          .map((row) => ({ packageId: row.package_id ?? '', purchasedOn: row.purchased_on ?? '', expiresOn: row.expires_on, minutes: -Number(row.minutes) }))
          .sort((a, b) => a.purchasedOn.localeCompare(b.purchasedOn) || a.packageId.localeCompare(b.packageId)),
      },
      totals: statementTotals(lines),
    };
  });
  return {
    month,
    closed: isBillingMonthClosed(month, now),
    statements: statements
      .filter((statement) => statement.lines.length > 0 || statement.draws.freeMinutes !== 0 || statement.draws.packages.length > 0)
      .sort((a, b) => a.customer.code.localeCompare(b.customer.code)),
  };
};

/** One customer's statement for the month (an empty one when nothing happened: the PDF still says so). */
export const readCustomerStatement = async (db: Db, month: BillingMonth, code: string, now: Date): Promise<{ closed: boolean; statement: CustomerStatement }> => {
  const customer = await readCustomerByCode(db, code);
  if (!customer) throw new AppFailure('not_found', `Nessun cliente con codice «${code}».`);
  const month_ = await readMonthStatements(db, month, now, code);
  const statement = month_.statements[0] ?? {
    customer: { id: customer.id, code: customer.code, name: customer.name, vatNumber: customer.vat_number },
    lines: [],
    draws: { freeMinutes: 0, packages: [] },
    totals: { invoicedMinutes: 0, netCents: 0, vatCents: 0, grossCents: 0 },
  };
  return { closed: month_.closed, statement };
};
