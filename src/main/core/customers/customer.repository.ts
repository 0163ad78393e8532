import type { Kysely } from 'kysely';
import type { LocalDatabase } from '../db/schema.ts';

export const findCustomerRow = (db: Kysely<LocalDatabase>, id: string) =>
  db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();

export const listContractRows = (db: Kysely<LocalDatabase>, customerId: string) =>
  db
    .selectFrom('contracts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('valid_from', 'desc')
    .execute();

export const listDeviceRows = (db: Kysely<LocalDatabase>, customerId: string) =>
  db.selectFrom('devices').selectAll().where('customer_id', '=', customerId).orderBy('model').execute();

export const findHourBankRow = (db: Kysely<LocalDatabase>, customerId: string) =>
  db.selectFrom('hour_banks').select('data').where('customer_id', '=', customerId).executeTakeFirst();
