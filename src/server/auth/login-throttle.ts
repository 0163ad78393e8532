import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

export type ThrottlePolicy = { failureWindowMinutes: number; maxFailuresPerUser: number; maxFailuresPerAddress: number };

/**
 * Counts a sign-in attempt against the account and the client address, and refuses it when either
 * is over its limit. Every attempt is recorded *before* the (slow, deliberately) password check and
 * counted after the insert: the k-th attempt to commit sees at least k rows, so however many arrive
 * at once, on however many API processes, at most the allowed number reach the password check.
 * Staff and customers use it with different key prefixes.
 */
export const recordSignInAttempt = async (
  db: Kysely<ServerDatabase>,
  keys: { account: string; address: string },
  policy: ThrottlePolicy,
  now: Date,
): Promise<{ succeeded: () => Promise<void> }> => {
  const since = new Date(now.getTime() - policy.failureWindowMinutes * 60_000).toISOString();
  const addressAttemptId = newId();
  await db
    .insertInto('login_failures')
    .values([
      { id: newId(), key: keys.account, failed_at: now.toISOString() },
      { id: addressAttemptId, key: keys.address, failed_at: now.toISOString() },
    ])
    .execute();
  const attempts = await db
    .selectFrom('login_failures')
    .select(['key', (eb) => eb.fn.countAll<number>().as('count')])
    .where('key', 'in', [keys.account, keys.address])
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  const count = (key: string) => Number(attempts.find((row) => row.key === key)?.count ?? 0);
  if (count(keys.account) > policy.maxFailuresPerUser || count(keys.address) > policy.maxFailuresPerAddress) {
    throw new AppFailure('rate_limited', `Troppi tentativi di accesso: riprova tra ${policy.failureWindowMinutes} minuti.`);
  }
  return {
    // A success clears the account's count and takes this attempt off the address's.
    succeeded: async () => {
      await db
        .deleteFrom('login_failures')
        .where((eb) => eb.or([eb('key', '=', keys.account), eb('id', '=', addressAttemptId)]))
        .execute();
    },
  };
};

/**
 * The same discipline for a single key (an address presenting J2K keys): the attempt is written
 * first and counted after, so a parallel burst cannot slip past the limit between a count and a
 * write. `succeeded` takes this attempt off the count (a right key costs nothing).
 */
export const recordThrottledAttempt = async (
  db: Kysely<ServerDatabase>,
  key: string,
  limit: { maxAttempts: number; windowMinutes: number; message: string },
  now: Date,
): Promise<{ succeeded: () => Promise<void> }> => {
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000).toISOString();
  const attemptId = newId();
  await db.insertInto('login_failures').values({ id: attemptId, key, failed_at: now.toISOString() }).execute();
  const attempts = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('key', '=', key)
    .where('failed_at', '>', since)
    .executeTakeFirst();
  if (Number(attempts?.count ?? 0) > limit.maxAttempts) throw new AppFailure('rate_limited', limit.message);
  return {
    succeeded: async () => {
      await db.deleteFrom('login_failures').where('id', '=', attemptId).execute();
    },
  };
};
