import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;
type Span = { from: string; to: string };

/** The billing entries booked in a span, with what the statement shows of their customer and ticket. */
export const readBookedEntries = (db: Db, span: Span, customerCode?: string) => {
  let query = db
    .selectFrom('billing_entries')
    .innerJoin('customers', 'customers.id', 'billing_entries.customer_id')
    .leftJoin('tickets', 'tickets.id', 'billing_entries.ticket_id')
    .select([
      'billing_entries.customer_id',
      'billing_entries.intervention_id',
      'billing_entries.repair_id',
      'billing_entries.work_at',
      'billing_entries.activity',
      'billing_entries.billed_minutes',
      'billing_entries.invoiced_minutes',
      'billing_entries.net_cents',
      'billing_entries.vat_cents',
      'billing_entries.gross_cents',
      'billing_entries.description',
      'tickets.number as ticket_number',
    ])
    .where('billing_entries.booked_at', '>=', span.from)
    .where('billing_entries.booked_at', '<', span.to)
    .orderBy('billing_entries.booked_at')
    .orderBy('billing_entries.id');
  if (customerCode !== undefined) query = query.where('customers.code', '=', customerCode);
  return query.execute();
};

/** Which of these pieces of work already had entries booked before the span (their lines are adjustments). */
export const readWorkStatedBefore = async (db: Db, before: string, workIds: readonly string[]): Promise<Set<string>> => {
  if (workIds.length === 0) return new Set();
  const stated = new Set<string>();
  for (let i = 0; i < workIds.length; i += 500) {
    const chunk = workIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('billing_entries')
      .select(['intervention_id', 'repair_id'])
      .where('booked_at', '<', before)
      .where((eb) => eb.or([eb('intervention_id', 'in', chunk), eb('repair_id', 'in', chunk)]))
      .execute();
    for (const row of rows) stated.add(row.intervention_id ?? row.repair_id ?? '');
  }
  return stated;
};

/** Minutes work drew from the free hours and from each package in a span (draws net of their reversals). */
export const readHoursDrawn = (db: Db, span: Span, customerCode?: string) => {
  let query = db
    .selectFrom('hour_bank_ledger')
    .innerJoin('customers', 'customers.id', 'hour_bank_ledger.customer_id')
    .leftJoin('hour_bank_packages', 'hour_bank_packages.id', 'hour_bank_ledger.package_id')
    .select([
      'hour_bank_ledger.customer_id',
      'hour_bank_ledger.source',
      'hour_bank_ledger.package_id',
      'hour_bank_packages.purchased_on',
      'hour_bank_packages.expires_on',
      (eb) => eb.fn.sum<number>('hour_bank_ledger.minutes').as('minutes'),
    ])
    .where('hour_bank_ledger.created_at', '>=', span.from)
    .where('hour_bank_ledger.created_at', '<', span.to)
    .where('hour_bank_ledger.entry_type', 'in', ['draw', 'reversal'])
    .where('hour_bank_ledger.source', 'in', ['free', 'package'])
    .groupBy(['hour_bank_ledger.customer_id', 'hour_bank_ledger.source', 'hour_bank_ledger.package_id', 'hour_bank_packages.purchased_on', 'hour_bank_packages.expires_on']);
  if (customerCode !== undefined) query = query.where('customers.code', '=', customerCode);
  return query.execute();
};

export const readCustomers = (db: Db, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('customers').select(['id', 'code', 'name', 'vat_number']).where('id', 'in', ids).execute();

export const readCustomerByCode = (db: Db, code: string) => db.selectFrom('customers').select(['id', 'code', 'name', 'vat_number']).where('code', '=', code).executeTakeFirst();

/** Packages of hours sold in a span: orders confirmed in it (the month the customer is invoiced for them). */
export const readPackagesSold = (db: Db, span: Span, customerCode?: string) => {
  let query = db
    .selectFrom('package_orders')
    .innerJoin('customers', 'customers.id', 'package_orders.customer_id')
    .innerJoin('package_offers', 'package_offers.id', 'package_orders.offer_id')
    .select([
      'package_orders.id',
      'package_orders.customer_id',
      'package_orders.minutes',
      'package_orders.net_cents',
      'package_orders.vat_cents',
      'package_orders.gross_cents',
      'package_orders.decided_at',
      'package_offers.name as offer_name',
    ])
    .where('package_orders.status', '=', 'confirmed')
    .where('package_orders.decided_at', '>=', span.from)
    .where('package_orders.decided_at', '<', span.to)
    .orderBy('package_orders.decided_at')
    .orderBy('package_orders.id');
  if (customerCode !== undefined) query = query.where('customers.code', '=', customerCode);
  return query.execute();
};
