import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateHours, applyDraws, bankWithout, type HourBank } from './hour-bank.ts';

describe('allocateHours', () => {
  it('draws the free allowance first, then packages by earliest expiry, then invoices', () => {
    const bank: HourBank = {
      freeMinutes: 30,
      packages: [
        { id: 'no-expiry', remainingMinutes: 600, purchasedOn: '2025-01-01' },
        { id: 'late', remainingMinutes: 60, purchasedOn: '2025-06-01', expiresOn: '2027-06-01' },
        { id: 'early', remainingMinutes: 60, purchasedOn: '2026-01-01', expiresOn: '2027-01-01' },
      ],
    };
    expect(allocateHours(180, bank)).toEqual([
      { source: 'free', minutes: 30 },
      { source: 'package', packageId: 'early', minutes: 60 },
      { source: 'package', packageId: 'late', minutes: 60 },
      { source: 'package', packageId: 'no-expiry', minutes: 30 },
    ]);
    expect(allocateHours(60, { freeMinutes: 0, packages: [] })).toEqual([{ source: 'invoice', minutes: 60 }]);
    expect(allocateHours(0, bank)).toEqual([]);
  });
  it('breaks expiry ties by purchase date', () => {
    const bank: HourBank = {
      freeMinutes: 0,
      packages: [
        { id: 'b', remainingMinutes: 30, purchasedOn: '2026-03-01', expiresOn: '2027-01-01' },
        { id: 'a', remainingMinutes: 30, purchasedOn: '2026-02-01', expiresOn: '2027-01-01' },
      ],
    };
    expect(allocateHours(90, bank)).toEqual([
      { source: 'package', packageId: 'a', minutes: 30 },
      { source: 'package', packageId: 'b', minutes: 30 },
      { source: 'invoice', minutes: 30 },
    ]);
  });
  it('skips a package expired on the day of the intervention', () => {
    const bank: HourBank = {
      freeMinutes: 0,
      packages: [{ id: 'p', remainingMinutes: 120, purchasedOn: '2026-01-01', expiresOn: '2026-11-21' }],
    };
    expect(allocateHours(60, bank, '2026-11-20')).toEqual([{ source: 'package', packageId: 'p', minutes: 60 }]);
    expect(allocateHours(60, bank, '2026-11-21')).toEqual([{ source: 'invoice', minutes: 60 }]);
  });
  it('refuses negative or fractional minutes', () => {
    expect(() => allocateHours(-30, { freeMinutes: 0, packages: [] })).toThrow(RangeError);
    expect(() => allocateHours(30.5, { freeMinutes: 0, packages: [] })).toThrow(RangeError);
  });
  it('property: always sums to the minutes asked and never overdraws a source', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    const bankArbitrary = fc.record({
      freeMinutes: fc.nat(600),
      packages: fc.uniqueArray(
        fc.record({
          id: fc.uuid(),
          remainingMinutes: fc.nat(900),
          purchasedOn: day,
          expiresOn: fc.option(day, { nil: undefined }),
        }),
        { selector: (item) => item.id, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(fc.nat(3000), bankArbitrary, fc.option(day, { nil: undefined }), (minutes, rawBank, onDay) => {
        const bank: HourBank = {
          freeMinutes: rawBank.freeMinutes,
          packages: rawBank.packages.map(({ expiresOn, ...rest }) => (expiresOn === undefined ? rest : { ...rest, expiresOn })),
        };
        const allocation = allocateHours(minutes, bank, onDay);
        expect(allocation.reduce((sum, part) => sum + part.minutes, 0)).toBe(minutes);
        expect(allocation.every((part) => part.minutes > 0)).toBe(true);
        const free = allocation.find((part) => part.source === 'free');
        expect(free?.minutes ?? 0).toBeLessThanOrEqual(bank.freeMinutes);
        for (const part of allocation.filter((item) => item.source === 'package')) {
          const item = bank.packages.find((candidate) => candidate.id === part.packageId);
          expect(item).toBeDefined();
          expect(part.minutes).toBeLessThanOrEqual(item!.remainingMinutes);
          if (onDay && item!.expiresOn) expect(onDay < item!.expiresOn).toBe(true);
        }
        // Invoicing happens only once every drawable source is empty.
        const invoiced = allocation.find((part) => part.source === 'invoice');
        if (invoiced) {
          const drawable = bank.freeMinutes + bank.packages
            .filter((item) => !onDay || !item.expiresOn || onDay < item.expiresOn)
            .reduce((sum, item) => sum + item.remainingMinutes, 0);
          expect(minutes - invoiced.minutes).toBe(drawable);
        }
      }),
    );
  });
});

describe('draws and their giving back (one arithmetic for the console and the API)', () => {
  const bankArbitrary = fc.record({
    freeMinutes: fc.nat(6000),
    packages: fc.uniqueArray(
      fc.record({ id: fc.constantFrom('p1', 'p2', 'p3'), remainingMinutes: fc.nat(6000), purchasedOn: fc.constant('2026-01-01'), expiresOn: fc.constantFrom(undefined, '2027-01-01') }).map(({ expiresOn, ...item }) => (expiresOn ? { ...item, expiresOn } : item)),
      { selector: (item) => item.id, maxLength: 3 },
    ),
  });

  it('drawing an allocation then giving it back is the original bank, and the other way round', () => {
    fc.assert(
      fc.property(bankArbitrary, fc.nat(20_000), (bank, minutes) => {
        const allocation = allocateHours(minutes, bank, '2026-06-01');
        const after = applyDraws(bank, allocation);
        expect(bankWithout(after, allocation)).toEqual(bank);
        expect(applyDraws(bankWithout(bank, allocation), allocation)).toEqual(bank);
        // A draw never takes a pot below zero; invoiced minutes touch no pot.
        expect(after.freeMinutes).toBeGreaterThanOrEqual(0);
        for (const item of after.packages) expect(item.remainingMinutes).toBeGreaterThanOrEqual(0);
        const invoiced = allocation.filter((part) => part.source === 'invoice').reduce((sum, part) => sum + part.minutes, 0);
        const fromBank = bank.freeMinutes - after.freeMinutes + bank.packages.reduce((sum, item, n) => sum + item.remainingMinutes - after.packages[n]!.remainingMinutes, 0);
        expect(fromBank + invoiced).toBe(minutes);
      }),
    );
  });
});
