import { sql, type Kysely } from 'kysely';
import type { TicketParsedQuery } from './ticket.types.ts';
import type { LocalDatabase } from '../db/schema.ts';

const summaryColumns = [
  'tickets.id',
  'tickets.number',
  'tickets.customer_id',
  'customers.name as customer_name',
  'tickets.channel',
  'tickets.subject',
  'tickets.priority',
  'tickets.status',
  'tickets.blocking',
  'tickets.assignee_id',
  'users.display_name as assignee_name',
  'tickets.opened_at',
  'tickets.updated_at',
] as const;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const filtered = (db: Kysely<LocalDatabase>, query: TicketParsedQuery) => {
  let select = db
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id');
  if (query.status && query.status.length > 0) select = select.where('tickets.status', 'in', query.status);
  if (query.priority && query.priority.length > 0)
    select = select.where('tickets.priority', 'in', query.priority);
  if (query.channel && query.channel.length > 0) select = select.where('tickets.channel', 'in', query.channel);
  if (query.customerId) select = select.where('tickets.customer_id', '=', query.customerId);
  const search = query.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    select = select.where((eb) =>
      eb.or(
        (['tickets.number', 'tickets.subject', 'tickets.description', 'customers.name'] as const).map((column) =>
          sql<boolean>`${eb.ref(column)} LIKE ${pattern} ESCAPE '\\'`,
        ),
      ),
    );
  }
  return select;
};

export const listTicketRows = async (db: Kysely<LocalDatabase>, query: TicketParsedQuery) => {
  const base = filtered(db, query);
  const [items, count] = await Promise.all([
    base
      .select(summaryColumns)
      .orderBy('tickets.priority')
      .orderBy('tickets.opened_at')
      .orderBy('tickets.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
};

export type TicketSummaryRow = Awaited<ReturnType<typeof listTicketRows>>['items'][number];

export const findTicketRow = (db: Kysely<LocalDatabase>, id: string) =>
  db
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .select([...summaryColumns, 'tickets.description', 'tickets.cause', 'tickets.resolution', 'tickets.closed_at'])
    .where('tickets.id', '=', id)
    .executeTakeFirst();
