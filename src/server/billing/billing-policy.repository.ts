import type { Kysely } from 'kysely';
import { policyOn, type BillingPolicy, type PolicyVersion } from '../../shared/domain/index.ts';
import { billingPolicyId, billingPolicyRowToWire } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

/** The billing policy's versions an admin set (none: the built-in policy applies). */
export const readPolicyVersions = async (db: Kysely<ServerDatabase>): Promise<PolicyVersion[]> => {
  const row = await db.selectFrom('billing_policy').selectAll().where('id', '=', billingPolicyId).executeTakeFirst();
  return row ? billingPolicyRowToWire(row).versions : [];
};

/** The policy in effect on a Rome day. */
export const readPolicyOn = async (db: Kysely<ServerDatabase>, day: string): Promise<BillingPolicy> => policyOn(await readPolicyVersions(db), day);
