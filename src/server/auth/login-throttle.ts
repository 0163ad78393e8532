import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

export type ThrottlePolicy = { failureWindowMinutes: number; maxFailuresPerUser: number; maxFailuresPerAddress: number };

/**
 * Keys name an account or an address (`contact:anna@…`): only their SHA-256 is stored, so the
 * throttle keeps no one's e-mail (a person erased on request is not left in it).
 */
export const throttleKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Writes one attempt under each key, then counts each key's attempts in the window. Written first
 * and counted after: the k-th attempt to commit sees at least k rows, so however many arrive at
 * once, on however many API processes, at most the allowed number get past a limit.
 */
const writeThenCount = async (db: Kysely<ServerDatabase>, plainKeys: readonly string[], windowMinutes: number, now: Date) => {
  const keys = plainKeys.map(throttleKey);
  const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
  const ids = keys.map(() => newId());
  await db
    .insertInto('login_failures')
    .values(keys.map((key, index) => ({ id: ids[index]!, key, failed_at: now.toISOString() })))
    .execute();
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', (eb) => eb.fn.countAll<number>().as('count')])
    .where('key', 'in', [...keys])
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  return { ids, count: (key: string) => Number(rows.find((row) => row.key === throttleKey(key))?.count ?? 0) };
};

/**
 * Counts a sign-in attempt against the account and the client address, and refuses it when either
 * is over its limit; the attempt is recorded *before* the (slow, deliberately) password check.
 * Staff and customers use it with different key prefixes.
 */
export const recordSignInAttempt = async (
  db: Kysely<ServerDatabase>,
  keys: { account: string; address: string },
  policy: ThrottlePolicy,
  now: Date,
): Promise<{ succeeded: () => Promise<void> }> => {
  const { ids, count } = await writeThenCount(db, [keys.account, keys.address], policy.failureWindowMinutes, now);
  if (count(keys.account) > policy.maxFailuresPerUser || count(keys.address) > policy.maxFailuresPerAddress) {
    throw new AppFailure('rate_limited', `Troppi tentativi di accesso: riprova tra ${policy.failureWindowMinutes} minuti.`);
  }
  const addressAttemptId = ids[1]!;
  return {
    // A success clears the account's count and takes this attempt off the address's.
    succeeded: async () => {
      await db
        .deleteFrom('login_failures')
        .where((eb) => eb.or([eb('key', '=', throttleKey(keys.account)), eb('id', '=', addressAttemptId)]))
        .execute();
    },
  };
};

/**
 * The same discipline for a single key (an address presenting J2K keys). `succeeded` takes this
 * attempt off the count (a right key costs nothing).
 */
export const recordThrottledAttempt = async (
  db: Kysely<ServerDatabase>,
  key: string,
  limit: { maxAttempts: number; windowMinutes: number; message: string },
  now: Date,
): Promise<{ succeeded: () => Promise<void> }> => {
  const { ids, count } = await writeThenCount(db, [key], limit.windowMinutes, now);
  if (count(key) > limit.maxAttempts) throw new AppFailure('rate_limited', limit.message);
  const attemptId = ids[0]!;
  return {
    succeeded: async () => {
      await db.deleteFrom('login_failures').where('id', '=', attemptId).execute();
    },
  };
};
