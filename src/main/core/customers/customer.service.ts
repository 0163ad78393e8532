import { sql, type Kysely } from 'kysely';
import { romeDay } from '../../../shared/domain/index.ts';
import { AppFailure } from '../../../shared/result.ts';
import { contractRowToWire } from '../../../shared/model/contract.mapping.ts';
import { deviceRowToWire } from '../../../shared/model/device.mapping.ts';
import { customerRowToWire } from '../../../shared/model/customer.mapping.ts';
import { hourBankViewSchema } from '../../../shared/model/billing.schema.ts';
import type { CustomerDirectoryRow, CustomerFile } from '../../../shared/model/customer-directory.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { toMatchQuery } from '../tickets/ticket.repository.ts';
import { findCustomerRow, findHourBankRow, listContractRows, listDeviceRows } from './customer.repository.ts';

type Db = Kysely<LocalDatabase>;
const ticketsShown = 200;

/**
 * One page of the directory from the local replica (it works offline): every word typed must
 * match a prefix of the code, name, VAT number, fiscal code or city; ordered by name.
 */
export const listCustomerDirectory = async (db: Db, query: { search?: string | undefined; offset: number; limit: number }, now: Date = new Date()): Promise<{ items: CustomerDirectoryRow[]; total: number }> => {
  const match = query.search ? toMatchQuery(query.search) : null;
  if (query.search && query.search.trim() !== '' && match === null) return { items: [], total: 0 };
  const today = romeDay(now);
  let base = db.selectFrom('customers');
  if (match) base = base.where(sql<boolean>`customers.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${match})`);
  const inForce = (kind: 'standard' | 'extended') =>
    sql<number>`EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = customers.id AND k.kind = ${kind} AND k.valid_from <= ${today} AND (k.valid_to IS NULL OR k.valid_to >= ${today}))`;
  const [counted, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        'customers.id',
        'customers.code',
        'customers.name',
        'customers.vat_number',
        'customers.fiscal_code',
        'customers.city',
        'customers.province',
        inForce('standard').as('standard'),
        inForce('extended').as('extended'),
        sql<number>`(SELECT count(*) FROM tickets t WHERE t.customer_id = customers.id AND t.status != 'closed')`.as('open_tickets'),
      ])
      .orderBy('customers.name')
      .orderBy('customers.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
  ]);
  return {
    total: Number(counted.total),
    items: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      vatNumber: row.vat_number,
      fiscalCode: row.fiscal_code ?? null,
      city: row.city,
      province: row.province ?? null,
      standard: row.standard === 1,
      extended: row.extended === 1,
      openTickets: row.open_tickets,
    })),
  };
};

/** A customer's card, from the local replica. */
export const getCustomerFile = async (db: Db, id: string): Promise<CustomerFile> => {
  const customerRow = await findCustomerRow(db, id);
  if (!customerRow) throw new AppFailure('not_found', 'Cliente non trovato.');
  const [contractRows, deviceRows, hourBankRow, ticketRows, ticketCount, repairRows, callRows] = await Promise.all([
    listContractRows(db, id),
    listDeviceRows(db, id),
    findHourBankRow(db, id),
    db.selectFrom('tickets').select(['id', 'number', 'subject', 'status', 'opened_at', 'closed_at']).where('customer_id', '=', id).orderBy('opened_at', 'desc').limit(ticketsShown).execute(),
    db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('total')).where('customer_id', '=', id).executeTakeFirstOrThrow(),
    db
      .selectFrom('repairs')
      .innerJoin('devices', 'devices.id', 'repairs.device_id')
      .select(['repairs.id', 'repairs.device_id', 'devices.serial', 'devices.model', 'repairs.status', 'repairs.received_on', 'repairs.reported_defect'])
      .where('repairs.customer_id', '=', id)
      .orderBy('repairs.received_on', 'desc')
      .execute(),
    db
      .selectFrom('calls')
      .leftJoin('users', 'users.id', 'calls.answered_by')
      .select(['calls.id', 'calls.line', 'calls.state', 'calls.rang_at', 'calls.duration_seconds', 'users.display_name'])
      .where('calls.customer_id', '=', id)
      .orderBy('calls.rang_at', 'desc')
      .limit(50)
      .execute(),
  ]);
  return {
    customer: { ...customerRowToWire(customerRow), freeMinutes: customerRow.free_minutes },
    contracts: contractRows.map(contractRowToWire),
    devices: deviceRows.map(deviceRowToWire),
    hourBank: hourBankRow ? hourBankViewSchema.parse(JSON.parse(hourBankRow.data)) : { freeMinutes: customerRow.free_minutes, packages: [] },
    tickets: ticketRows.map((row) => ({ id: row.id, number: row.number, subject: row.subject, status: row.status, openedAt: row.opened_at, closedAt: row.closed_at })),
    ticketsTotal: Number(ticketCount.total),
    repairs: repairRows.map((row) => ({ id: row.id, deviceId: row.device_id, serial: row.serial, model: row.model, status: row.status, receivedOn: row.received_on, reportedDefect: row.reported_defect })),
    calls: callRows.map((row) => ({ id: row.id, line: row.line, state: row.state, rangAt: row.rang_at, durationSeconds: row.duration_seconds, answeredBy: row.display_name })),
  };
};
