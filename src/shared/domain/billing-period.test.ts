import { describe, expect, it } from 'vitest';
import { billingMonthBounds, billingMonthOf, isBillingMonthClosed, nextBillingMonth, previousBillingMonth } from './billing-period.ts';
import { thresholdsReached } from './hour-bank-notices.ts';

describe('billing period', () => {
  it('books a charge in the Rome month of its booking instant', () => {
    expect(billingMonthOf('2026-11-30T22:59:59.999Z')).toBe('2026-11');
    // Midnight in Rome (CET, UTC+1) is already December.
    expect(billingMonthOf('2026-11-30T23:00:00.000Z')).toBe('2026-12');
    // Summer time: UTC+2.
    expect(billingMonthOf('2026-07-31T22:00:00.000Z')).toBe('2026-08');
  });

  it('spans a month with Rome midnights, across a daylight-saving change', () => {
    expect(billingMonthBounds('2026-10')).toEqual({ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
    expect(billingMonthBounds('2026-12')).toEqual({ from: '2026-11-30T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
    expect(nextBillingMonth('2026-12')).toBe('2027-01');
    expect(previousBillingMonth('2027-01')).toBe('2026-12');
    expect(previousBillingMonth('2026-11')).toBe('2026-10');
  });

  it('refuses what is not a month', () => {
    expect(() => billingMonthBounds('2026-13')).toThrow(/Mese non valido/);
    expect(() => billingMonthBounds('26-1')).toThrow(/Mese non valido/);
  });

  it('a month is closed once it is over in Rome', () => {
    expect(isBillingMonthClosed('2026-11', '2026-11-30T22:59:00Z')).toBe(false);
    expect(isBillingMonthClosed('2026-11', '2026-11-30T23:00:00Z')).toBe(true);
  });
});

describe('hour-bank notice thresholds', () => {
  const pot = (remainingMinutes: number, totalMinutes = 600) => ({ key: 'free:x', kind: 'free' as const, totalMinutes, remainingMinutes });
  it('low below 20% of the pot, exhausted at zero (which is also low)', () => {
    expect(thresholdsReached(pot(120))).toEqual([]);
    expect(thresholdsReached(pot(119))).toEqual(['low']);
    expect(thresholdsReached(pot(0))).toEqual(['low', 'exhausted']);
    expect(thresholdsReached(pot(0, 0))).toEqual([]);
  });
});
