import { allocateHours, type Allocation, type HourBank } from './hour-bank.ts';
import { billedMinutes, defaultBillingPolicy, price, workedSecondsFromSegments, type BillingPolicy, type TimeSegment } from './billing.ts';
import { romeDay } from './calendar-day.ts';
import { classify, type Classification, type ClassifyInput } from './classify.ts';

export type InterventionEvaluation = Classification & {
  policyVersion: string;
  workedSeconds: number;
  billedMinutes: number;
  allocation: Allocation[];
  invoicedMinutes: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/**
 * The whole verdict for one intervention: classification, worked and billed time, where the
 * minutes are drawn from and what the invoiced part costs. The console calls it for live,
 * provisional figures; the central API calls it for the authoritative ones.
 */
export const evaluateIntervention = (input: {
  classification: ClassifyInput;
  segments: readonly TimeSegment[];
  now: Date | string;
  bank: HourBank;
  policy?: BillingPolicy;
}): InterventionEvaluation => {
  const policy = input.policy ?? defaultBillingPolicy;
  // The reasons quote the included minutes of the policy that prices the work.
  const classification = classify({ ...input.classification, extendedIncludedMinutes: policy.extendedIncludedMinutes });
  const workedSeconds = workedSecondsFromSegments(input.segments, input.now);
  const billed = billedMinutes(workedSeconds, classification.tier, policy);
  const allocation = allocateHours(billed, input.bank, romeDay(input.classification.at));
  const invoicedMinutes = allocation.filter((part) => part.source === 'invoice').reduce((sum, part) => sum + part.minutes, 0);
  return {
    ...classification,
    policyVersion: policy.version,
    workedSeconds,
    billedMinutes: billed,
    allocation,
    invoicedMinutes,
    ...price(invoicedMinutes, policy),
  };
};
