import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyOn, withPolicyVersion } from './billing-policy-history.ts';
import {
  billedMinutes,
  defaultBillingPolicy,
  nextBillingStepAt,
  price,
  workedMinutes,
  workedSecondsFromSegments,
  type BillingPolicy,
} from './billing.ts';
import { tiers } from './tier.ts';

const minutes = (m: number) => m * 60;

describe('billedMinutes', () => {
  it.each([
    [1, 60],
    [60, 60],
    [61, 90],
    [90, 90],
    [91, 120],
    [150, 150],
    [151, 180],
  ])('billable: %i worked minutes → %i billed (rules §2 examples)', (worked, billed) => {
    expect(billedMinutes(minutes(worked), 'billable')).toBe(billed);
  });

  it('floors to whole minutes: a started minute is not charged', () => {
    expect(billedMinutes(0, 'billable')).toBe(0);
    expect(billedMinutes(59, 'billable')).toBe(0);
    expect(billedMinutes(60, 'billable')).toBe(60);
    expect(billedMinutes(minutes(60) + 59, 'billable')).toBe(60);
    expect(billedMinutes(minutes(61), 'billable')).toBe(90);
    expect(workedMinutes(3659)).toBe(60);
  });

  it.each([
    [30, 0],
    [60, 0],
    [61, 30],
    [90, 30],
    [91, 60],
    [120, 60],
    [121, 90],
  ])('extended: %i worked minutes → %i billed beyond the included hour', (worked, billed) => {
    expect(billedMinutes(minutes(worked), 'extended')).toBe(billed);
  });

  it('standard and warranty are included whatever the time', () => {
    for (const worked of [1, 60, 61, 600]) {
      expect(billedMinutes(minutes(worked), 'standard')).toBe(0);
      expect(billedMinutes(minutes(worked), 'warranty')).toBe(0);
    }
  });

  it('follows the policy data', () => {
    const policy: BillingPolicy = { ...defaultBillingPolicy, version: 'x', minimumMinutes: 30, incrementMinutes: 15, extendedIncludedMinutes: 90 };
    expect(billedMinutes(minutes(10), 'billable', policy)).toBe(30);
    expect(billedMinutes(minutes(31), 'billable', policy)).toBe(45);
    expect(billedMinutes(minutes(91), 'extended', policy)).toBe(15);
  });

  it('refuses negative or non-numeric time', () => {
    expect(() => billedMinutes(-1, 'billable')).toThrow(RangeError);
    expect(() => billedMinutes(Number.NaN, 'billable')).toThrow(RangeError);
  });

  it('property: monotone in worked time, for every tier', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tiers), fc.nat(100_000), fc.nat(100_000), (tier, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(billedMinutes(low, tier)).toBeLessThanOrEqual(billedMinutes(high, tier));
      }),
    );
  });

  it('property: billable time is never billed below the worked minutes, and in 30-minute multiples', () => {
    fc.assert(
      fc.property(fc.nat(200_000), (seconds) => {
        const billed = billedMinutes(seconds, 'billable');
        expect(billed).toBeGreaterThanOrEqual(workedMinutes(seconds));
        expect(billed % 30).toBe(0);
        expect(billedMinutes(seconds, 'extended') % 30).toBe(0);
      }),
    );
  });

  it('property: pausing (splitting segments) never changes worked time nor billed minutes', () => {
    const start = Date.parse('2026-11-23T08:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 * 3_600_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 8 }),
        fc.constantFrom(...tiers),
        (durationMs, cutPoints, pauses, tier) => {
          const whole = [{ startedAt: new Date(start).toISOString(), endedAt: new Date(start + durationMs).toISOString() }];
          const cuts = [...new Set(cutPoints.map((p) => Math.floor(p * durationMs)))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, durationMs];
          let shift = 0;
          const pieces = bounds.slice(1).map((end, index) => {
            shift += pauses[index] ?? 0;
            return {
              startedAt: new Date(start + shift + (bounds[index] ?? 0)).toISOString(),
              endedAt: new Date(start + shift + end).toISOString(),
            };
          });
          const now = new Date(start + 48 * 3_600_000);
          const wholeSeconds = workedSecondsFromSegments(whole, now);
          expect(workedSecondsFromSegments(pieces, now)).toBe(wholeSeconds);
          expect(billedMinutes(workedSecondsFromSegments(pieces, now), tier)).toBe(billedMinutes(wholeSeconds, tier));
        },
      ),
    );
  });
});

describe('price', () => {
  it.each([
    [0, 0, 0, 0],
    [60, 8000, 1760, 9760],
    [90, 12000, 2640, 14640],
    [30, 4000, 880, 4880],
    [1, 133, 29, 162],
    [2, 267, 59, 326],
    [-60, -8000, -1760, -9760],
  ])('%i minutes → net %i, VAT %i, gross %i cents', (billed, net, vat, gross) => {
    expect(price(billed)).toEqual({ netCents: net, vatCents: vat, grossCents: gross });
  });
  it('rounds half up, net first and VAT on the rounded net', () => {
    const policy: BillingPolicy = { ...defaultBillingPolicy, hourlyRateCents: 1500 }; // 25 cents a minute
    expect(price(1, policy)).toEqual({ netCents: 25, vatCents: 6, grossCents: 31 }); // VAT 5.5 → 6
    const halfCent: BillingPolicy = { ...defaultBillingPolicy, hourlyRateCents: 30 }; // 0.5 cents a minute
    expect(price(1, halfCent).netCents).toBe(1);
  });
  it('refuses fractional minutes', () => {
    expect(() => price(1.5)).toThrow(RangeError);
  });
  it('property: gross = net + VAT and a credit mirrors its charge', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (m) => {
        const charge = price(m);
        expect(charge.grossCents).toBe(charge.netCents + charge.vatCents);
        const credit = price(-m);
        expect(credit.netCents).toBe(0 - charge.netCents);
        expect(credit.vatCents).toBe(0 - charge.vatCents);
      }),
    );
  });
});

describe('nextBillingStepAt', () => {
  it('tells when the billed figure next changes', () => {
    expect(nextBillingStepAt(minutes(10), 'billable')).toBe(minutes(61));
    expect(nextBillingStepAt(minutes(61), 'billable')).toBe(minutes(91));
    expect(nextBillingStepAt(0, 'billable')).toBe(minutes(1));
    expect(nextBillingStepAt(minutes(30), 'extended')).toBe(minutes(61));
    expect(nextBillingStepAt(minutes(30), 'standard')).toBeNull();
  });
});

describe('workedSecondsFromSegments', () => {
  it('sums closed segments and counts an open one up to now', () => {
    const segments = [
      { startedAt: '2026-11-23T08:00:00Z', endedAt: '2026-11-23T08:30:00Z' },
      { startedAt: '2026-11-23T09:00:00Z', endedAt: null },
    ];
    expect(workedSecondsFromSegments(segments, '2026-11-23T09:10:30Z')).toBe(40 * 60 + 30);
  });
});

describe('the billing policy as versioned data', () => {
  const change = { effectiveFrom: '2027-01-01', hourlyRateCents: 9000, vatRateBasisPoints: 2200, minimumMinutes: 60, incrementMinutes: 30, extendedIncludedMinutes: 60, transportFeeCents: 3500 };

  it('prices each day with the version in effect then; before any version, the built-in policy', () => {
    const versions = withPolicyVersion([], change, '2026-12-03');
    expect(policyOn(versions, '2026-12-31')).toBe(defaultBillingPolicy);
    expect(policyOn(versions, '2027-01-01')).toMatchObject({ version: '2027-01-01', hourlyRateCents: 9000 });
    const later = withPolicyVersion(versions, { ...change, effectiveFrom: '2027-06-01', hourlyRateCents: 9500 }, '2026-12-03');
    expect(policyOn(later, '2027-03-15').hourlyRateCents).toBe(9000);
    expect(policyOn(later, '2027-06-01').hourlyRateCents).toBe(9500);
  });

  it('never from today or earlier (the work already done keeps its price); a future version may be replaced', () => {
    expect(() => withPolicyVersion([], { ...change, effectiveFrom: '2026-12-03' }, '2026-12-03')).toThrow(/dal giorno successivo/);
    expect(() => withPolicyVersion([], { ...change, effectiveFrom: '2026-11-01' }, '2026-12-03')).toThrow(/dal giorno successivo/);
    const replaced = withPolicyVersion(withPolicyVersion([], change, '2026-12-03'), { ...change, hourlyRateCents: 8800 }, '2026-12-03');
    expect(replaced).toHaveLength(1);
    expect(replaced[0]?.policy.hourlyRateCents).toBe(8800);
    expect(() => withPolicyVersion([], { ...change, minimumMinutes: 15, incrementMinutes: 30 }, '2026-12-03')).toThrow(/minimo/);
  });
});
