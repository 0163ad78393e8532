import { describe, expect, it } from 'vitest';
import { euroInputText, formatTenths, parseEuroCents } from './format.ts';

describe('amounts and ratings as people type and read them', () => {
  it('reads an amount with a decimal comma or point, and refuses anything else', () => {
    expect(parseEuroCents('12,50')).toBe(1250);
    expect(parseEuroCents(' 12.5 ')).toBe(1250);
    expect(parseEuroCents('80')).toBe(8000);
    expect(parseEuroCents('0,05')).toBe(5);
    for (const text of ['', '12,505', '-3', '1.000,00', 'dieci', '1e3']) expect(parseEuroCents(text), text).toBeNull();
    expect(parseEuroCents(euroInputText(3660))).toBe(3660);
  });

  it('writes a mean rating in tenths the Italian way', () => {
    expect(formatTenths(43)).toBe('4,3');
    expect(formatTenths(50)).toBe('5,0');
    expect(formatTenths(null)).toBe('—');
    expect(formatTenths(null, 'nessun voto')).toBe('nessun voto');
  });
});
