import { describe, expect, it } from 'vitest';
import { averageMonthlyMinutes, consumptionWindow, fittingOfferId } from './package-fit.ts';

describe('packages that fit the account’s consumption', () => {
  it('looks at the six whole months before this one, in Rome', () => {
    expect(consumptionWindow('2026-12')).toEqual({ months: ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'], from: '2026-05-31T22:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
    expect(consumptionWindow('2026-03').months).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('averages billed minutes per month and picks the smallest offer that lasts its validity', () => {
    expect(averageMonthlyMinutes(720)).toBe(120);
    expect(averageMonthlyMinutes(-60)).toBe(0);
    const offers = [
      { id: 'big', minutes: 3000, validityMonths: 12 },
      { id: 'small', minutes: 600, validityMonths: 12 },
      { id: 'medium', minutes: 1200, validityMonths: 12 },
    ];
    expect(fittingOfferId(offers, 0)).toBeNull();
    expect(fittingOfferId(offers, 40)).toBe('small');
    expect(fittingOfferId(offers, 50)).toBe('small');
    expect(fittingOfferId(offers, 51)).toBe('medium');
    expect(fittingOfferId(offers, 500)).toBe('big');
    expect(fittingOfferId([], 100)).toBeNull();
  });
});
