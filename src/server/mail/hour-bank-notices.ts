import type { Transaction } from 'kysely';
import { thresholdsReached, type Allocation, type HourPot, type NoticeThreshold } from '../../shared/domain/index.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import type { HourBankNoticePayload } from './mail-payloads.ts';
import { enqueueMail } from './mail-outbox.repository.ts';

type Trx = Transaction<ServerDatabase>;

/**
 * The free allowance as a pot: it starts again at each grant, and its size is the balance the
 * latest grant left (what was left over plus what was granted), so "below 20%" reads against
 * what the customer was last told they had.
 */
const freePot = async (trx: Trx, customerId: string, remainingMinutes: number): Promise<HourPot | null> => {
  const grant = await trx
    .selectFrom('hour_bank_ledger')
    .select(['id', 'created_at', 'minutes'])
    .where('customer_id', '=', customerId)
    .where('source', '=', 'free')
    .where('entry_type', '=', 'grant')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!grant) return null;
  const size = await trx
    .selectFrom('hour_bank_ledger')
    .select((eb) => eb.fn.sum<number>('minutes').as('minutes'))
    .where('customer_id', '=', customerId)
    .where('source', '=', 'free')
    // Up to and including the grant, in ledger order (ids are time-ordered: same-instant entries keep their order).
    .where((eb) => eb.or([eb('created_at', '<', grant.created_at), eb.and([eb('created_at', '=', grant.created_at), eb('id', '<=', grant.id)])]))
    .executeTakeFirst();
  // A pot is never smaller than its grant (entries stamped by a skewed clock cannot shrink it).
  return { key: `free:${grant.id}`, kind: 'free', totalMinutes: Math.max(Number(size?.minutes ?? 0), grant.minutes), remainingMinutes };
};

/**
 * Domain rules §5: after work drew hours, the customer is told when a pot it drew from fell below
 * 20% or ran out, once per pot and threshold (the notice row's key makes a second one impossible,
 * also when two evaluations race on PostgreSQL).
 */
export const queueHourBankNotices = async (trx: Trx, customerId: string, allocation: readonly Allocation[], at: string): Promise<void> => {
  const drewFree = allocation.some((part) => part.source === 'free' && part.minutes > 0);
  const drawnPackages = new Set(allocation.filter((part) => part.source === 'package' && part.minutes > 0).map((part) => part.packageId));
  if (!drewFree && drawnPackages.size === 0) return;
  const customer = await trx.selectFrom('customers').select(['email', 'name']).where('id', '=', customerId).executeTakeFirstOrThrow();
  const { customerId: _customerId, ...bank } = await readHourBank(trx, customerId);
  const pots: HourPot[] = [];
  if (drewFree) {
    const pot = await freePot(trx, customerId, bank.freeMinutes);
    if (pot) pots.push(pot);
  }
  for (const item of bank.packages.filter((candidate) => drawnPackages.has(candidate.id)))
    pots.push({ key: `package:${item.id}`, kind: 'package', totalMinutes: item.totalMinutes, remainingMinutes: item.remainingMinutes, ...(item.expiresOn ? { expiresOn: item.expiresOn } : {}) });

  const notices: HourBankNoticePayload['notices'] = [];
  for (const pot of pots) {
    const fresh: NoticeThreshold[] = [];
    for (const threshold of thresholdsReached(pot)) {
      const inserted = await trx
        .insertInto('hour_bank_notices')
        .values({ customer_id: customerId, pot: pot.key, threshold, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .returning('threshold')
        .executeTakeFirst();
      if (inserted) fresh.push(threshold);
    }
    // One line per pot: running out says more than running low.
    const worst = fresh.includes('exhausted') ? 'exhausted' : fresh[0];
    if (worst)
      notices.push({ kind: pot.kind, threshold: worst, totalMinutes: pot.totalMinutes, remainingMinutes: pot.remainingMinutes, ...(pot.expiresOn ? { expiresOn: pot.expiresOn } : {}) });
  }
  if (notices.length === 0 || !customer.email) return;
  const payload = { customerName: customer.name, notices, residual: bank } satisfies HourBankNoticePayload;
  await enqueueMail(trx, { kind: 'hour_bank_notice', recipient: customer.email, ticketId: null, customerId, payload, at });
};
