import type { Kysely } from 'kysely';
import { ringingShownForMs, type CurrentCall } from '../../../shared/channels/calls.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { coverageFor } from '../tickets/ticket.service.ts';

/**
 * The calls this console shows now: those ringing (for every console) and those its user answered
 * and still on, from the last two minutes, each with the caller's customer, coverage badges and
 * open requests, read from the replica.
 */
export const listCurrentCalls = async (db: Kysely<LocalDatabase>, me: string | null, now: Date): Promise<{ calls: CurrentCall[] }> => {
  const since = new Date(now.getTime() - ringingShownForMs).toISOString();
  const rows = await db
    .selectFrom('calls')
    .leftJoin('customers', 'customers.id', 'calls.customer_id')
    .select(['calls.id', 'calls.from_number', 'calls.line', 'calls.state', 'calls.rang_at', 'calls.answered_by', 'customers.id as customer_id', 'customers.code', 'customers.name'])
    .where('calls.rang_at', '>=', since)
    .where((eb) => eb.or([eb('calls.state', '=', 'ringing'), eb.and([eb('calls.state', '=', 'answered'), eb('calls.answered_by', '=', me ?? '')])]))
    .orderBy('calls.rang_at', 'desc')
    .limit(5)
    .execute();
  const customerIds = rows.flatMap((row) => (row.customer_id ? [row.customer_id] : []));
  const coverage = await coverageFor(db, customerIds);
  const tickets = customerIds.length === 0 ? [] : await db.selectFrom('tickets').select(['id', 'number', 'subject', 'customer_id']).where('customer_id', 'in', customerIds).where('status', '!=', 'closed').orderBy('opened_at', 'desc').execute();
  return {
    calls: rows.map((row) => ({
      id: row.id,
      fromNumber: row.from_number,
      line: row.line,
      state: row.state,
      rangAt: row.rang_at,
      customer: row.customer_id && row.code && row.name ? { id: row.customer_id, code: row.code, name: row.name, coverage: coverage.get(row.customer_id) ?? { standard: false, extended: false, warranty: false } } : null,
      openTickets: tickets.filter((ticket) => ticket.customer_id === row.customer_id).slice(0, 5).map(({ id, number, subject }) => ({ id, number, subject })),
    })),
  };
};
