import { describe, expect, it } from 'vitest';
import { addMonths } from './calendar-day.ts';
import { warrantyStatus } from './warranty.ts';

describe('warrantyStatus', () => {
  it('covers 12 months by default, the expiry day itself excluded', () => {
    const device = { purchaseDate: '2025-11-21' };
    expect(warrantyStatus(device, '2026-11-20')).toEqual({ covered: true, expiresOn: '2026-11-21' });
    expect(warrantyStatus(device, '2026-11-21')).toEqual({ covered: false, expiresOn: '2026-11-21' });
    expect(warrantyStatus(device, '2025-11-21').covered).toBe(true);
  });
  it('extends up to 36 months', () => {
    expect(warrantyStatus({ purchaseDate: '2024-01-15', warrantyMonths: 36 }, '2027-01-14')).toEqual({ covered: true, expiresOn: '2027-01-15' });
    expect(warrantyStatus({ purchaseDate: '2024-01-15', warrantyMonths: 24 }, '2026-01-15').covered).toBe(false);
  });
  it.each([
    ['2025-01-31', 12, '2026-01-31'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 24, '2026-02-28'],
    ['2024-02-29', 36, '2027-02-28'],
    ['2023-02-28', 12, '2024-02-28'],
    ['2022-08-31', 18, '2024-02-29'],
    ['2023-08-31', 18, '2025-02-28'],
    ['2025-03-31', 13, '2026-04-30'],
    ['2025-12-31', 12, '2026-12-31'],
  ])('bought %s with %i months → first uncovered day %s', (purchaseDate, months, expiresOn) => {
    expect(warrantyStatus({ purchaseDate, warrantyMonths: months }, '2025-06-01').expiresOn).toBe(expiresOn);
  });
  it('a device bought 11 months ago is covered, one bought 13 months ago is not', () => {
    const today = '2026-11-21';
    expect(warrantyStatus({ purchaseDate: addMonths(today, -11) }, today).covered).toBe(true);
    expect(warrantyStatus({ purchaseDate: addMonths(today, -13) }, today).covered).toBe(false);
  });
  it('is not covered before the purchase', () => {
    expect(warrantyStatus({ purchaseDate: '2026-11-21' }, '2026-11-20').covered).toBe(false);
  });
  it('refuses an impossible length or date', () => {
    expect(() => warrantyStatus({ purchaseDate: '2026-01-01', warrantyMonths: 40 }, '2026-02-01')).toThrow(RangeError);
    expect(() => warrantyStatus({ purchaseDate: '2026-01-01', warrantyMonths: 6 }, '2026-02-01')).toThrow(RangeError);
    expect(() => warrantyStatus({ purchaseDate: '2026-02-30' }, '2026-03-01')).toThrow(RangeError);
  });
});
