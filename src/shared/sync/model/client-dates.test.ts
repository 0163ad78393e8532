import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, evaluateRepair, romeDay, warrantyStatus } from '../../domain/index.ts';
import { AppFailure } from '../../result.ts';
import { newId } from '../../ids.ts';
import type { SyncedRow } from '../entities.ts';
import type { Actor } from '../rules.ts';
import { decideCommand } from './command-definitions.ts';
import { defaultTimePolicy, type DecisionContext } from './command-effects.ts';
import { emptyAnswers, recordAnswer, viewOf } from './command-view.ts';
import { assertDayNotInFuture, isBackdatedDay, registrationNeedsWarrantyReview } from './client-dates.ts';

const now = '2026-11-23T18:00:00.000Z';
const technician: Actor = { id: newId(), role: 'technician' };
const lead: Actor = { id: newId(), role: 'team_lead' };
const context = (actor: Actor = technician): DecisionContext => ({ actor, now, policy: defaultTimePolicy });

describe('dates a console reports that decide money', () => {
  it('a day is accepted up to today (with the clock skew), refused after', () => {
    expect(() => assertDayNotInFuture('2026-11-23', context(), 'Data')).not.toThrow();
    expect(() => assertDayNotInFuture('2026-11-24', context(), 'Data')).toThrow(AppFailure);
    // Five minutes before midnight in Rome, the skew reaches tomorrow.
    expect(() => assertDayNotInFuture('2026-11-24', { ...context(), now: '2026-11-23T22:57:00.000Z' }, 'Data')).not.toThrow();
  });

  it('a day within the tolerance (7 days) is taken as given, an earlier one waits for a lead', () => {
    expect(isBackdatedDay('2026-11-16', context())).toBe(false);
    expect(isBackdatedDay('2026-11-15', context())).toBe(true);
  });

  it('only a technician’s registration of a device not yet out of warranty waits for a lead', () => {
    expect(registrationNeedsWarrantyReview(technician, { purchaseDate: '2026-10-01', warrantyMonths: 12 }, context())).toBe(true);
    expect(registrationNeedsWarrantyReview(technician, { purchaseDate: '2025-06-01', warrantyMonths: 12 }, context())).toBe(false);
    expect(registrationNeedsWarrantyReview(lead, { purchaseDate: '2026-10-01', warrantyMonths: 12 }, context(lead))).toBe(false);
  });

  it('an unconfirmed warranty covers nothing; the repair is priced as out of warranty until confirmed', () => {
    const device = { purchaseDate: '2026-10-01', warrantyMonths: 12 };
    expect(warrantyStatus(device, '2026-11-23').covered).toBe(true);
    expect(warrantyStatus({ ...device, warrantyReview: 'Da confermare' }, '2026-11-23').covered).toBe(false);
    const work = { receivedOn: '2026-11-23', labourMinutes: 60, restoreMinutes: 0, transport: false, labourLoggedAt: '2026-11-23T10:00:00.000Z', restoreLoggedAt: null };
    const bank = { freeMinutes: 0, packages: [] };
    expect(evaluateRepair({ work, device, contracts: [], bank, now }).grossCents).toBe(0);
    const unconfirmed = evaluateRepair({ work, device: { ...device, warrantyReview: 'Da confermare' }, contracts: [], bank, now });
    expect(unconfirmed.grossCents).toBe(9760);
    expect(unconfirmed.labour.flags).toContain('warranty_unconfirmed');
    expect(unconfirmed.labour.reasons.join(' ')).toMatch(/da confermare/);
    expect(evaluateRepair({ work: { ...work, reviewReason: 'Ricevimento da confermare' }, device, contracts: [], bank, now }).grossCents).toBe(9760);
  });
});

/** `repair.create` decided as both ends decide it, over a device and a receipt day. */
const decideRepair = (device: SyncedRow<'device'>, receivedOn: string, actor: Actor) => {
  const answers = emptyAnswers();
  const args = { id: newId(), customerId: device.customerId, deviceId: device.id, ticketId: null, reportedDefect: 'Guasto', receivedOn };
  recordAnswer(answers, { kind: 'row', entity: 'repair', id: args.id }, null);
  recordAnswer(answers, { kind: 'row', entity: 'device', id: device.id }, device);
  return decideCommand(viewOf(answers), { name: 'repair.create', args }, context(actor));
};

describe('property: a console’s word alone never puts work under warranty it was not', () => {
  const today = romeDay(now);
  const dayArbitrary = fc.integer({ min: -900, max: 3 }).map((offset) => addDays(today, offset));
  const deviceArbitrary = fc.record({
    purchaseDate: fc.integer({ min: -1200, max: 0 }).map((offset) => addDays(today, offset)),
    warrantyMonths: fc.integer({ min: 12, max: 36 }),
    warrantyReview: fc.constantFrom<string | null>(null, 'Garanzia da confermare'),
  });

  it('a receipt backdated beyond the tolerance, or an unconfirmed device, is recorded as not covered and flagged', () => {
    fc.assert(
      fc.property(deviceArbitrary, dayArbitrary, fc.constantFrom(technician, lead), (partial, receivedOn, actor) => {
        const device: SyncedRow<'device'> = { id: newId(), customerId: newId(), model: 'PC', serial: 'S', ...partial };
        let effects;
        try {
          effects = decideRepair(device, receivedOn, actor);
        } catch (error) {
          // Only a receipt day in the future is refused.
          expect(receivedOn > today).toBe(true);
          expect(error).toBeInstanceOf(AppFailure);
          return;
        }
        const write = effects.writes[0];
        if (write?.entity !== 'repair') throw new Error('repair.create must write the repair');
        const backdated = receivedOn < addDays(today, -defaultTimePolicy.backdateDays);
        if (backdated || device.warrantyReview) expect(write.row.warrantyCovered).toBe(false);
        else expect(write.row.warrantyCovered).toBe(warrantyStatus(device, receivedOn).covered);
        expect(write.row.reviewReason !== null).toBe(backdated);
        // Every flagged receipt leaves an audit line, whoever reported it.
        expect(effects.audits.some((entry) => entry.action === 'repair.receiptReview')).toBe(backdated);
        // The expiry is always the device's own, unchanged by any review.
        expect(write.row.warrantyExpiresOn).toBe(addMonths(device.purchaseDate, device.warrantyMonths));
      }),
      { numRuns: 300 },
    );
  });
});
