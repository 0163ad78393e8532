import { describe, expect, it } from 'vitest';
import { canMoveRepair, evaluateRepair, nextRepairStatuses, type RepairWork } from './repairs.ts';

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

  it('labour logged on a weekend: covered in warranty, billable outside it', () => {
    const weekend = { ...work, restoreMinutes: 0, labourLoggedAt: saturday, restoreLoggedAt: null };
    expect(evaluateRepair({ work: weekend, device: { purchaseDate: '2025-12-23' }, contracts: [extended], bank: noBank, now: saturday })).toMatchObject({
      labour: { tier: 'warranty' },
      billedMinutes: 0,
    });
    expect(evaluateRepair({ work: weekend, device: { purchaseDate: '2025-10-23' }, contracts: [extended], bank: noBank, now: saturday })).toMatchObject({
      labour: { tier: 'billable' },
      billedMinutes: 90,
    });
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
