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

/**
 * A technician's words as an FTS5 query: every word must match, as a prefix, in any column.
 * Quoting each token keeps FTS syntax (AND, NEAR, *, -) from being interpreted.
 */
export const toMatchQuery = (search: string): string | null => {
  const tokens = search.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.length === 0 ? null : tokens.map((token) => `"${token}"*`).join(' ');
};

const filtered = (db: Kysely<LocalDatabase>, query: TicketParsedQuery, me: string | null) => {
  let select = db
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id');
  if (query.status && query.status.length > 0) select = select.where('tickets.status', 'in', query.status);
  if (query.priority && query.priority.length > 0)
    select = select.where('tickets.priority', 'in', query.priority);
  if (query.channel && query.channel.length > 0) select = select.where('tickets.channel', 'in', query.channel);
  if (query.customerId) select = select.where('tickets.customer_id', '=', query.customerId);
  if (query.scope === 'mine' && me) {
    select = select.where((eb) => eb.or([eb('tickets.assignee_id', '=', me), eb('tickets.assignee_id', 'is', null)]));
    // The queue is work still to do: closed tickets only when asked for by status (or under «Tutti»).
    if (!query.status || query.status.length === 0) select = select.where('tickets.status', '!=', 'closed');
  }
  const match = query.search ? toMatchQuery(query.search) : null;
  if (query.search && query.search.trim() !== '' && match === null) {
    // Only punctuation: nothing can match.
    select = select.where(sql<boolean>`0`);
  } else if (match) {
    select = select.where(sql<boolean>`tickets.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ${match})`);
  }
  return select;
};

/**
 * Whether the customer wrote since this console's user last opened the ticket: one probe of the
 * thread's index per listed row (a page is 100 rows), not a scan of every message.
 */
const unreadColumn = sql<number>`EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = tickets.id AND m.author_kind = 'customer' AND m.written_at > coalesce((SELECT r.read_at FROM ticket_reads r WHERE r.ticket_id = tickets.id), ''))`.as('unread');

export const listTicketRows = async (db: Kysely<LocalDatabase>, query: TicketParsedQuery, me: string | null) => {
  const base = filtered(db, query, me);
  const [items, count] = await Promise.all([
    base
      .select(summaryColumns)
      .select(unreadColumn)
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
    .select([...summaryColumns, 'tickets.description', 'tickets.cause', 'tickets.resolution', 'tickets.closed_at', 'tickets.taken_at'])
    .where('tickets.id', '=', id)
    .executeTakeFirst();

/** The customer's feedback answers for a ticket (one per closure), newest first. */
export const listFeedbackRows = (db: Kysely<LocalDatabase>, ticketId: string) =>
  db.selectFrom('ticket_feedback').select(['rating', 'comment', 'submitted_at']).where('ticket_id', '=', ticketId).orderBy('submitted_at', 'desc').execute();

/** A ticket's conversation, oldest first, with each colleague's name from their account. */
export const listMessageRows = (db: Kysely<LocalDatabase>, ticketId: string) =>
  db
    .selectFrom('ticket_messages')
    .leftJoin('users', 'users.id', 'ticket_messages.author_id')
    .selectAll('ticket_messages')
    .select('users.display_name')
    .where('ticket_messages.ticket_id', '=', ticketId)
    .orderBy('ticket_messages.written_at')
    .orderBy('ticket_messages.id')
    .execute();

/** A ticket's work reports, every version in order. */
export const listWorkReportRows = (db: Kysely<LocalDatabase>, ticketId: string) => db.selectFrom('work_reports').selectAll().where('ticket_id', '=', ticketId).orderBy('version').orderBy('created_at').execute();

/** Remembers that this console's user read the ticket's thread now. */
export const markTicketRead = (db: Kysely<LocalDatabase>, ticketId: string, readAt: string) =>
  db.insertInto('ticket_reads').values({ ticket_id: ticketId, read_at: readAt }).onConflict((oc) => oc.column('ticket_id').doUpdateSet({ read_at: readAt })).execute();
