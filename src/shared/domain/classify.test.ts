import { describe, expect, it } from 'vitest';
import { activityCatalog, activityCodes } from './activities.ts';
import { addMonths } from './calendar-day.ts';
import { classificationFlagLabels, classify, type ClassifyInput } from './classify.ts';
import { evaluateIntervention } from './evaluate.ts';
import { defaultBillingPolicy } from './billing.ts';

const monday = '2026-11-23T10:00:00Z'; // 11:00 in Rome
const standard = { kind: 'standard', validFrom: '2026-01-01', validTo: '2026-12-31' } as const;
const extended = { kind: 'extended', validFrom: '2026-01-01', validTo: null } as const;

const base: ClassifyInput = {
  at: monday,
  activity: 'software_assistance',
  mode: 'remote',
  cause: 'vendor',
  contracts: [standard],
};

describe('classify', () => {
  it('standard activities are included for contract holders', () => {
    const result = classify(base);
    expect(result.tier).toBe('standard');
    expect(result.flags).toEqual([]);
    expect(result.reasons[0]).toMatch(/inclusa nell’assistenza standard/);
  });

  it('without a valid contract the work is billable and flagged', () => {
    const expired = { kind: 'standard', validFrom: '2024-01-01', validTo: '2025-12-31' } as const;
    for (const contracts of [[], [expired]]) {
      const result = classify({ ...base, contracts });
      expect(result.tier).toBe('billable');
      expect(result.flags).toContain('no_contract');
    }
  });

  it('extended activities need J-System, which also covers the standard scope', () => {
    expect(classify({ ...base, activity: 'virus_removal' }).tier).toBe('billable');
    const jsystem = classify({ ...base, activity: 'virus_removal', contracts: [extended] });
    expect(jsystem.tier).toBe('extended');
    expect(jsystem.flags).toContain('extended_cap');
    expect(classify({ ...base, contracts: [extended] }).tier).toBe('standard');
  });

  it('standard assistance needs up-to-date software on a conforming setup', () => {
    const outdated = classify({ ...base, softwareUpToDate: false });
    expect(outdated.tier).toBe('billable');
    expect(outdated.flags).toContain('software_not_latest');
    const nonConforming = classify({ ...base, conformingSetup: false, contracts: [standard, extended] });
    expect(nonConforming.tier).toBe('extended');
    expect(nonConforming.flags).toContain('non_conforming_setup');
  });

  it('the conditions answered yes at the start are stated among the reasons; not asked, they are taken as met', () => {
    const answered = classify({ ...base, softwareUpToDate: true, conformingSetup: true });
    expect(answered.tier).toBe('standard');
    expect(answered.reasons).toEqual([expect.stringMatching(/inclusa nell’assistenza standard/), expect.stringMatching(/Condizioni dell’assistenza standard confermate/)]);
    expect(classify(base).reasons).toHaveLength(1);
    // The place of the work does not change the coverage: at the vendor's premises as at the customer's.
    for (const mode of ['on_site', 'vendor_site'] as const) expect(classify({ ...base, mode, contracts: [] }).tier).toBe('billable');
    expect(classify({ ...base, mode: 'vendor_site' })).toEqual(classify({ ...base, mode: 'on_site' }));
  });

  it('cause customer makes any intervention billable', () => {
    const result = classify({ ...base, cause: 'customer', contracts: [standard, extended], activity: 'service_fault' });
    expect(result.tier).toBe('billable');
    expect(result.flags).toContain('cause_customer');
    expect(result.reasons[0]).toMatch(/Causa cliente/);
    expect(classify({ ...base, cause: 'unknown' }).flags).toContain('cause_unknown');
  });

  it('vendor faults are included, value-added work is billable', () => {
    expect(classify({ ...base, activity: 'service_fault', contracts: [] }).tier).toBe('standard');
    expect(classify({ ...base, activity: 'consultancy', contracts: [standard, extended] }).tier).toBe('billable');
    expect(classify({ ...base, activity: 'on_site_extra', mode: 'on_site', contracts: [extended] }).tier).toBe('billable');
  });

  it('hardware warranty: covered inside the period, never for OS restore or transport', () => {
    const day = '2026-11-23';
    const recent = { purchaseDate: addMonths(day, -11) };
    const old = { purchaseDate: addMonths(day, -13) };
    expect(classify({ ...base, activity: 'warranty_repair', device: recent, contracts: [] }).tier).toBe('warranty');
    const expired = classify({ ...base, activity: 'warranty_repair', device: old, contracts: [] });
    expect(expired.tier).toBe('billable');
    expect(expired.flags).toContain('warranty_expired');
    expect(classify({ ...base, activity: 'warranty_repair', device: old, contracts: [extended] }).tier).toBe('extended');
    expect(classify({ ...base, activity: 'warranty_repair', device: null }).flags).toContain('warranty_device_missing');
    const restore = classify({ ...base, activity: 'os_software_restore', device: recent });
    expect(restore.tier).toBe('billable');
    expect(restore.flags).toContain('not_covered_by_warranty');
    expect(classify({ ...base, activity: 'os_software_restore', device: recent, contracts: [extended] }).tier).toBe('extended');
    expect(classify({ ...base, activity: 'transport', device: recent, contracts: [extended] }).tier).toBe('billable');
  });

  it('a device in warranty is covered whatever day the labour is logged; out of warranty the weekend rules apply', () => {
    const saturday = '2026-11-28T10:00:00Z';
    const recent = { purchaseDate: '2026-01-10' };
    const old = { purchaseDate: '2024-01-10' };
    const covered = classify({ at: saturday, activity: 'warranty_repair', mode: 'on_site', cause: 'vendor', contracts: [], device: recent });
    expect(covered.tier).toBe('warranty');
    expect(covered.flags).not.toContain('weekend_without_entitlement');
    expect(classify({ at: saturday, activity: 'warranty_repair', mode: 'on_site', cause: 'vendor', contracts: [extended], device: old }).tier).toBe('billable');
    // The verdict belongs to the request day: logged after expiry, a repair received in warranty stays covered.
    const lateLog = { at: '2027-01-12T10:00:00Z', activity: 'warranty_repair', mode: 'on_site', cause: 'vendor', contracts: [], device: { purchaseDate: '2026-01-10' } } as const;
    expect(classify(lateLog).tier).toBe('billable');
    expect(classify({ ...lateLog, warrantyDay: '2027-01-08' }).tier).toBe('warranty');
  });

  it('weekend service only for J-System customers with a blocking problem', () => {
    const saturday = '2026-11-21T10:00:00Z';
    const entitled = classify({ ...base, at: saturday, contracts: [extended], blocking: true });
    // Weekend assistance is a J-System item: 60 minutes included, whatever the weekday tier would be.
    expect(entitled.tier).toBe('extended');
    expect(entitled.flags).toContain('extended_cap');
    expect(entitled.flags).not.toContain('weekend_without_entitlement');
    expect(entitled.flags).not.toContain('outside_support_hours');
    const notBlocking = classify({ ...base, at: saturday, contracts: [extended], blocking: false });
    expect(notBlocking.tier).toBe('billable');
    expect(notBlocking.flags).toEqual(expect.arrayContaining(['weekend_without_entitlement', 'outside_support_hours']));
    expect(classify({ ...base, at: saturday, blocking: true }).reasons[0]).toMatch(/clienti J-System/);
  });

  it('weekend service covers the vendor’s software only (domain rules §1, weekends)', () => {
    const saturday = '2026-11-21T10:00:00Z';
    const jsystem = { ...base, at: saturday, contracts: [extended], blocking: true };
    for (const activity of ['software_assistance', 'first_installation', 'software_reinstall', 'print_customisation', 'operator_error'] as const) {
      expect(classify({ ...jsystem, activity }).tier, activity).toBe('extended');
    }
    for (const activity of ['virus_removal', 'third_party_software', 'os_install_peripherals', 'system_checks', 'hardware_repair', 'email_client'] as const) {
      const verdict = classify({ ...jsystem, activity });
      expect(verdict.tier, activity).toBe('billable');
      expect(verdict.flags, activity).toContain('weekend_without_entitlement');
      expect(verdict.reasons[0], activity).toMatch(/solo il software del fornitore/);
    }
    // On a weekday the same activities keep their J-System coverage.
    expect(classify({ ...jsystem, at: monday, activity: 'virus_removal' }).tier).toBe('extended');
  });

  it('a vendor fault is never billed: weekend, holiday, night, with or without a contract (domain rules §1)', () => {
    for (const at of ['2026-11-21T10:00:00Z', '2026-11-22T20:00:00Z', '2026-12-25T10:00:00Z', '2026-11-23T22:00:00Z']) {
      for (const contracts of [[], [standard], [extended]]) {
        for (const activity of ['service_fault', 'vendor_caused_problem', 'service_information', 'managed_diagnostics', 'service_restore'] as const) {
          const verdict = classify({ ...base, at, contracts, activity, blocking: false });
          expect(verdict.tier, `${activity} ${at}`).toBe('standard');
          expect(verdict.reasons[0]).toMatch(/sempre incluso/);
        }
      }
    }
    // The flags stay, for the team lead.
    expect(classify({ ...base, at: '2026-11-21T10:00:00Z', contracts: [], activity: 'service_fault' }).flags).toEqual(expect.arrayContaining(['weekend_without_entitlement', 'no_contract']));
    // A fault the customer caused is not the vendor's.
    expect(classify({ ...base, activity: 'service_fault', cause: 'customer' }).tier).toBe('billable');
  });

  it('flags work outside support hours and on holidays without changing the tier', () => {
    const evening = classify({ ...base, at: '2026-11-23T19:00:00Z' });
    expect(evening.tier).toBe('standard');
    expect(evening.flags).toContain('outside_support_hours');
    const liberationAfternoon = classify({ ...base, at: '2025-04-25T13:00:00Z' }); // 15:00, morning-only holiday
    expect(liberationAfternoon.flags).toEqual(expect.arrayContaining(['holiday', 'outside_support_hours']));
  });

  it('uses the contracts valid on the Rome day of the intervention', () => {
    const endsToday = { kind: 'standard', validFrom: '2026-01-01', validTo: '2026-11-23' } as const;
    expect(classify({ ...base, contracts: [endsToday], at: '2026-11-23T23:30:00Z' }).tier).toBe('billable'); // 00:30 on 24 Nov in Rome
    expect(classify({ ...base, contracts: [endsToday], at: '2026-11-23T22:30:00+01:00' }).tier).toBe('standard');
  });

  it('refuses an unknown activity', () => {
    expect(() => classify({ ...base, activity: 'coffee' as never })).toThrow(RangeError);
  });

  it('every activity has an Italian label and every flag a description', () => {
    for (const code of activityCodes) expect(activityCatalog[code].label.length).toBeGreaterThan(10);
    for (const label of Object.values(classificationFlagLabels)) expect(label.length).toBeGreaterThan(5);
  });
});

describe('the reasons quote the policy that prices the work', () => {
  it('J-System’s included minutes come from the policy in effect', () => {
    const evaluation = evaluateIntervention({
      classification: { ...base, activity: 'virus_removal', contracts: [extended] },
      segments: [{ startedAt: monday, endedAt: new Date(Date.parse(monday) + 100 * 60_000).toISOString() }],
      now: monday,
      bank: { freeMinutes: 0, packages: [] },
      policy: { ...defaultBillingPolicy, version: 'prova', extendedIncludedMinutes: 90 },
    });
    expect(evaluation.reasons[0]).toMatch(/fino a 90 minuti per intervento/);
    // 100 minutes with 90 included: the excess is one 30-minute fraction.
    expect(evaluation.billedMinutes).toBe(30);
    expect(classify({ ...base, activity: 'virus_removal', contracts: [extended] }).reasons[0]).toMatch(/fino a 60 minuti/);
  });
});
