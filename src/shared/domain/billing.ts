import { z } from 'zod';
import type { Tier } from './tier.ts';
import { DomainRangeError } from './domain-range-error.ts';

/** Billing policy as data (domain rules §2); stored figures carry the `version` that produced them. */
export const billingPolicySchema = z
  .object({
    version: z.string().min(1),
    hourlyRateCents: z.int().positive(),
    /** VAT in basis points: 2200 = 22%. */
    vatRateBasisPoints: z.int().min(0).max(10_000),
    minimumMinutes: z.int().positive(),
    incrementMinutes: z.int().positive(),
    extendedIncludedMinutes: z.int().nonnegative(),
    /** The flat fee for transport between customer and vendor, net, when a lead has not priced it. */
    transportFeeCents: z.int().nonnegative(),
  })
  .strict();
export type BillingPolicy = z.infer<typeof billingPolicySchema>;

export const defaultBillingPolicy: BillingPolicy = {
  version: '2026-12-03',
  hourlyRateCents: 8000,
  vatRateBasisPoints: 2200,
  minimumMinutes: 60,
  incrementMinutes: 30,
  extendedIncludedMinutes: 60,
  transportFeeCents: 3000,
};


const assertWhole = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value)) throw new DomainRangeError(`${what} deve essere un numero intero: ${value}.`);
};

/** Decision: whole minutes. A started minute is not charged: 60 min 59 s is 60 minutes. */
export const workedMinutes = (workedSeconds: number): number => {
  if (!Number.isFinite(workedSeconds) || workedSeconds < 0) {
    throw new DomainRangeError(`Il tempo lavorato deve essere un numero di secondi non negativo: ${workedSeconds}.`);
  }
  return Math.floor(workedSeconds / 60);
};

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/**
 * Minutes to bill for one intervention (never per segment: pausing does not add minimums).
 * billable: minimum hour, then 30-minute fractions. extended: the included hour counts as the
 * minimum, the excess goes in 30-minute fractions. standard and warranty: included.
 */
export const billedMinutes = (workedSeconds: number, tier: Tier, policy: BillingPolicy = defaultBillingPolicy): number => {
  const minutes = workedMinutes(workedSeconds);
  if (minutes === 0) return 0;
  const { minimumMinutes: minimum, incrementMinutes: step, extendedIncludedMinutes: included } = policy;
  switch (tier) {
    case 'standard':
    case 'warranty':
      return 0;
    case 'extended':
      return minutes <= included ? 0 : ceilDiv(minutes - included, step) * step;
    case 'billable':
      return Math.max(minimum, minimum + ceilDiv(minutes - minimum, step) * step);
  }
};

/** Integer division rounding half away from zero, so a credit mirrors its charge exactly. */
const divideHalfUp = (numerator: number, denominator: number): number => {
  const sign = numerator < 0 ? -1 : 1;
  const magnitude = Math.floor((Math.abs(numerator) * 2 + denominator) / (denominator * 2));
  return magnitude === 0 ? 0 : sign * magnitude;
};

/** Net, VAT and gross in cents for a whole number of billed minutes; VAT is computed on the rounded net. */
/** Net cents with their VAT (half-up to the cent) and gross: for what is priced in money, not time (parts, transport, packages). */
export const withVat = (netCents: number, policy: BillingPolicy = defaultBillingPolicy): { netCents: number; vatCents: number; grossCents: number } => {
  assertWhole(netCents, 'L’importo');
  const vatCents = divideHalfUp(netCents * policy.vatRateBasisPoints, 10_000);
  return { netCents, vatCents, grossCents: netCents + vatCents };
};

export const price = (
  minutes: number,
  policy: BillingPolicy = defaultBillingPolicy,
): { netCents: number; vatCents: number; grossCents: number } => {
  assertWhole(minutes, 'I minuti fatturati');
  return withVat(divideHalfUp(minutes * policy.hourlyRateCents, 60), policy);
};

/**
 * When the billed figure next changes, in worked seconds (for the timer's "next step at" hint),
 * or null when more time no longer changes it (an included tier).
 */
export const nextBillingStepAt = (
  workedSeconds: number,
  tier: Tier,
  policy: BillingPolicy = defaultBillingPolicy,
): number | null => {
  if (tier === 'standard' || tier === 'warranty') return null;
  const current = billedMinutes(workedSeconds, tier, policy);
  let minutes = workedMinutes(workedSeconds) + 1;
  // Bounded: the billed figure changes at most one increment (plus the minimum) later.
  const limit = minutes + policy.minimumMinutes + policy.incrementMinutes + policy.extendedIncludedMinutes + 1;
  for (; minutes <= limit; minutes++) {
    if (billedMinutes(minutes * 60, tier, policy) !== current) return minutes * 60;
  }
  return null;
};

export type TimeSegment = { startedAt: string; endedAt: string | null };

/** Worked seconds of an intervention: the sum of its segments, an open one counted up to `now`. */
export const workedSecondsFromSegments = (segments: readonly TimeSegment[], now: Date | string): number => {
  const nowMs = new Date(now).getTime();
  let totalMs = 0;
  for (const segment of segments) {
    const start = Date.parse(segment.startedAt);
    const end = segment.endedAt === null ? nowMs : Date.parse(segment.endedAt);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new DomainRangeError('Segmento di tempo con istanti non validi.');
    totalMs += Math.max(0, end - start);
  }
  return Math.floor(totalMs / 1000);
};
