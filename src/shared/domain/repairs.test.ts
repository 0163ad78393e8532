import { describe, expect, it } from 'vitest';
import { canMoveRepair, nextRepairStatuses, repairVerdict } from './repairs.ts';

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

describe('repairVerdict', () => {
  const base = { receivedOn: '2026-11-23', at: '2026-11-23T10:00:00Z', labourMinutes: 90, restoreMinutes: 30, transport: true };
  it('inside the warranty: the repair is covered, OS restore and transport are not', () => {
    const verdict = repairVerdict({ ...base, device: { purchaseDate: '2025-12-23' }, contracts: [] });
    expect(verdict.warranty.covered).toBe(true);
    expect(verdict.labour).toMatchObject({ tier: 'warranty', billedMinutes: 0, grossCents: 0 });
    expect(verdict.restore).toMatchObject({ tier: 'billable', billedMinutes: 60, grossCents: 9760 });
    expect(verdict.transportBillable).toBe(true);
  });
  it('out of warranty: the repair is billable, J-System covers labour up to its hour', () => {
    const old = repairVerdict({ ...base, device: { purchaseDate: '2025-10-23' }, contracts: [] });
    expect(old.labour).toMatchObject({ tier: 'billable', billedMinutes: 90 });
    const jsystem = repairVerdict({ ...base, device: { purchaseDate: '2025-10-23' }, contracts: [{ kind: 'extended', validFrom: '2026-01-01' }] });
    expect(jsystem.labour).toMatchObject({ tier: 'extended', billedMinutes: 30 });
    expect(jsystem.restore).toMatchObject({ tier: 'extended', billedMinutes: 0 });
  });
});
