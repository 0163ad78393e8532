import { z } from 'zod';
import { billingPolicySchema, defaultBillingPolicy, type BillingPolicy } from './billing.ts';
import { addDays } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';

/**
 * The billing policy as data (domain rules §2): versions an admin sets, each in effect from a day.
 * Work is priced with the version in effect on its day (an intervention's start, a repair's
 * receipt), so a new rate never reprices past work and a closed month never changes. With no
 * version set, the built-in default applies.
 */
export const policyVersionSchema = z.object({ effectiveFrom: z.iso.date(), policy: billingPolicySchema }).strict();
export type PolicyVersion = z.infer<typeof policyVersionSchema>;
export const policyVersionsSchema = z.array(policyVersionSchema);

/** The policy in effect on a Rome day: the latest version that started on or before it. */
export const policyOn = (versions: readonly PolicyVersion[], day: string): BillingPolicy =>
  [...versions].filter((version) => version.effectiveFrom <= day).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1)?.policy ?? defaultBillingPolicy;

/** What an admin sets: every figure of the policy, from a day. */
export type PolicyChange = Omit<BillingPolicy, 'version'> & { effectiveFrom: string };

/**
 * The versions after an admin's change, or a `DomainRangeError` in Italian. A version starts
 * tomorrow at the earliest: today's and earlier work is already priced (and may be in a statement
 * sent). A version not yet in effect may be replaced; its name is its first day.
 */
export const withPolicyVersion = (versions: readonly PolicyVersion[], change: PolicyChange, today: string): PolicyVersion[] => {
  if (change.effectiveFrom <= today)
    throw new DomainRangeError(`Una nuova tariffa vale dal giorno successivo in poi (dal ${addDays(today, 1)}): il lavoro già svolto resta con la tariffa del suo giorno.`);
  if (change.minimumMinutes < change.incrementMinutes) throw new DomainRangeError('Il minimo fatturato non può essere più breve della frazione successiva.');
  const { effectiveFrom, ...figures } = change;
  const policy = billingPolicySchema.parse({ ...figures, version: effectiveFrom });
  return [...versions.filter((version) => version.effectiveFrom !== effectiveFrom), { effectiveFrom, policy }].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
};
