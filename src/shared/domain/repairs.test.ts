import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canMoveRepair, evaluateRepair, nextRepairStatuses, repairExtras, type RepairWork } from './repairs.ts';
import { defaultBillingPolicy } from './billing.ts';

describe('repair workflow', () => {
  it('moves one step forward, or to rejected until ready', () => {
    expect(nextRepairStatuses('received')).toEqual(['diagnosing', 'rejected']);
    expect(nextRepairStatuses('repairing')).toEqual(['ready', 'rejected']);
    expect(nextRepairStatuses('ready')).toEqual(['returned']);
    expect(nextRepairStatuses('returned')).toEqual([]);
    expect(nextRepairStatuses('rejected')).toEqual([]);
    expect(canMoveRepair('received', 'ready')).toBe(false);
  });
});

describe('evaluateRepair', () => {
  const monday = '2026-11-23T10:00:00Z';
  const saturday = '2026-11-28T10:00:00Z';
  const work: RepairWork = { receivedOn: '2026-11-23', labourMinutes: 90, restoreMinutes: 30, transport: true, labourLoggedAt: monday, restoreLoggedAt: monday };
  const noBank = { freeMinutes: 0, packages: [] };
  const extended = { kind: 'extended', validFrom: '2026-01-01' } as const;

  it('inside the warranty: the repair is covered, OS restore and transport are not', () => {
    const verdict = evaluateRepair({ work, device: { purchaseDate: '2025-12-23' }, contracts: [], bank: noBank, now: monday });
    expect(verdict.warranty.covered).toBe(true);
    expect(verdict.labour).toMatchObject({ tier: 'warranty', minutes: 90 });
    expect(verdict.restore).toMatchObject({ tier: 'billable', minutes: 30 });
    expect(verdict).toMatchObject({ billedMinutes: 60, invoicedMinutes: 60, grossCents: 9760, transportBillable: true });
  });

  it('out of warranty: labour and restore are one job (one minimum hour); J-System includes one hour for both', () => {
    const old = evaluateRepair({ work, device: { purchaseDate: '2025-10-23' }, contracts: [], bank: noBank, now: monday });
    expect(old.labour.tier).toBe('billable');
    expect(old.billedMinutes).toBe(120);
    const jsystem = evaluateRepair({ work, device: { purchaseDate: '2025-10-23' }, contracts: [extended], bank: noBank, now: monday });
    expect(jsystem.labour.tier).toBe('extended');
    expect(jsystem.restore.tier).toBe('extended');
    expect(jsystem.billedMinutes).toBe(60);
  });

  it('bench work logged on a weekend costs what it costs on a Monday (domain rules §1, bench work)', () => {
    const weekend = { ...work, restoreMinutes: 0, labourLoggedAt: saturday, restoreLoggedAt: null };
    const weekday = { ...weekend, labourLoggedAt: monday };
    expect(evaluateRepair({ work: weekend, device: { purchaseDate: '2025-12-23' }, contracts: [extended], bank: noBank, now: saturday })).toMatchObject({
      labour: { tier: 'warranty' },
      billedMinutes: 0,
    });
    // Out of warranty, a J-System customer's labour is extended assistance: 60 minutes included, any day it is typed in.
    const saturdayVerdict = evaluateRepair({ work: weekend, device: { purchaseDate: '2025-10-23' }, contracts: [extended], bank: noBank, now: saturday });
    expect(saturdayVerdict).toMatchObject({ labour: { tier: 'extended' }, billedMinutes: 30 });
    expect(saturdayVerdict.labour.flags).not.toContain('weekend_without_entitlement');
    expect(evaluateRepair({ work: weekday, device: { purchaseDate: '2025-10-23' }, contracts: [extended], bank: noBank, now: monday }).grossCents).toBe(saturdayVerdict.grossCents);
    // The OS/software restore likewise: included for J-System on Saturday as on Monday (not 97,60 €).
    const restore = { ...work, labourMinutes: 0, restoreMinutes: 60, labourLoggedAt: null, restoreLoggedAt: saturday };
    expect(evaluateRepair({ work: restore, device: { purchaseDate: '2025-10-23' }, contracts: [extended], bank: noBank, now: saturday }).grossCents).toBe(0);
  });

  it('property: a repair’s price never depends on when its minutes are typed in', () => {
    const instant = fc.integer({ min: Date.parse('2026-11-23T00:00:00Z'), max: Date.parse('2027-01-31T23:59:59Z') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        fc.nat(600),
        fc.nat(600),
        instant,
        instant,
        instant,
        instant,
        fc.constantFrom('2025-10-23', '2025-12-23'),
        fc.constantFrom<ReadonlyArray<{ kind: 'standard' | 'extended'; validFrom: string }>>([], [extended], [{ kind: 'standard', validFrom: '2026-01-01' }]),
        (labourMinutes, restoreMinutes, labourA, restoreA, labourB, restoreB, purchaseDate, contracts) => {
          const at = (labourLoggedAt: string, restoreLoggedAt: string) =>
            evaluateRepair({ work: { ...work, labourMinutes, restoreMinutes, labourLoggedAt, restoreLoggedAt }, device: { purchaseDate }, contracts, bank: noBank, now: labourLoggedAt });
          const one = at(labourA, restoreA);
          const other = at(labourB, restoreB);
          expect([other.labour.tier, other.restore.tier, other.billedMinutes, other.grossCents]).toEqual([one.labour.tier, one.restore.tier, one.billedMinutes, one.grossCents]);
        },
      ),
    );
  });

  it('draws billed minutes from the hour bank like an intervention', () => {
    const verdict = evaluateRepair({
      work: { ...work, labourMinutes: 0, restoreMinutes: 150 },
      device: { purchaseDate: '2025-12-23' },
      contracts: [],
      bank: { freeMinutes: 60, packages: [{ id: '0196b0a0-0000-7000-8000-000000000001', remainingMinutes: 60, purchasedOn: '2026-01-01' }] },
      now: monday,
    });
    expect(verdict.billedMinutes).toBe(150);
    expect(verdict.allocation).toEqual([
      { source: 'free', minutes: 60 },
      { source: 'package', packageId: '0196b0a0-0000-7000-8000-000000000001', minutes: 60 },
      { source: 'invoice', minutes: 30 },
    ]);
    expect(verdict.grossCents).toBe(4880);
  });
});

describe('a repair’s parts and transport', () => {
  const part = (unitCents: number, quantity = 1) => ({ id: '0193a1c0-0000-7000-8000-0000000000a1', description: 'Alimentatore', quantity, unitCents });

  it('parts are sold at their price outside the warranty and covered inside it', () => {
    expect(repairExtras({ partsUsed: [part(4500, 2)], transport: false }, false).parts).toMatchObject({ covered: false, netCents: 9000, vatCents: 1980, grossCents: 10980 });
    expect(repairExtras({ partsUsed: [part(4500, 2)], transport: false }, true).parts).toMatchObject({ covered: true, netCents: 0, grossCents: 0 });
    expect(repairExtras({ partsUsed: [], transport: false }, true).parts.covered).toBe(false);
  });

  it('transport is never covered: the lead’s price, or the policy’s flat fee', () => {
    expect(repairExtras({ transport: true, transportNetCents: null }, true).transport).toEqual({ billable: true, netCents: 3000, vatCents: 660, grossCents: 3660 });
    expect(repairExtras({ transport: true, transportNetCents: 4000 }, true).transport).toEqual({ billable: true, netCents: 4000, vatCents: 880, grossCents: 4880 });
    expect(repairExtras({ transport: false, transportNetCents: 4000 }, false).transport).toEqual({ billable: false, netCents: 0, vatCents: 0, grossCents: 0 });
    expect(repairExtras({ transport: true }, false, { ...defaultBillingPolicy, transportFeeCents: 2500 }).transport.netCents).toBe(2500);
  });
});
