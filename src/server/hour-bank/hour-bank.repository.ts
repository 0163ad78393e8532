import type { Kysely } from 'kysely';
import type { HourBank } from '../../shared/domain/index.ts';
import type { SyncedRow } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;

/** A customer's hour bank, derived from its ledger and packages: the authority's one read of it. */
export const readHourBank = async (db: Db, customerId: string): Promise<SyncedRow<'hour_bank'> & HourBank> => {
  const [packages, ledger] = await Promise.all([
    db.selectFrom('hour_bank_packages').selectAll().where('customer_id', '=', customerId).orderBy('purchased_on').orderBy('id').execute(),
    db
      .selectFrom('hour_bank_ledger')
      .select(['source', 'package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
      .where('customer_id', '=', customerId)
      .groupBy(['source', 'package_id'])
      .execute(),
  ]);
  const balance = (source: 'free' | 'package', packageId: string | null) =>
    Number(ledger.find((row) => row.source === source && row.package_id === packageId)?.minutes ?? 0);
  return {
    customerId,
    freeMinutes: Math.max(0, balance('free', null)),
    packages: packages.map((item) => ({
      id: item.id,
      totalMinutes: item.minutes,
      remainingMinutes: Math.max(0, item.minutes + balance('package', item.id)),
      purchasedOn: item.purchased_on,
      ...(item.expires_on ? { expiresOn: item.expires_on } : {}),
    })),
  };
};
