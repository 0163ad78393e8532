import { sql, type Kysely, type Transaction } from 'kysely';
import { phoneNumbersIn, phoneTail } from '../../shared/phone/phone-number.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

/**
 * The customers whose phone field holds this number (canonical E.164): a pre-selection on the
 * last seven digits with the usual separators removed (the same SQL on both engines), then the
 * numbers compared whole. Voicemail, WhatsApp and caller identification ask the same question.
 */
export const customersWithPhone = async (db: Kysely<ServerDatabase> | Transaction<ServerDatabase>, e164: string): Promise<Array<{ id: string; name: string }>> => {
  const digits = sql<string>`replace(replace(replace(replace(replace(replace(phone, ' ', ''), '.', ''), '-', ''), '/', ''), '(', ''), ')', '')`;
  const candidates = await db
    .selectFrom('customers')
    .select(['id', 'name', 'phone'])
    .where('phone', 'is not', null)
    .where(sql<boolean>`${digits} LIKE ${`%${phoneTail(e164)}%`}`)
    .limit(50)
    .execute();
  return candidates.filter((customer) => phoneNumbersIn(customer.phone).includes(e164)).map(({ id, name }) => ({ id, name }));
};
