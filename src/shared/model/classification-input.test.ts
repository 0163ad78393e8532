import { describe, expect, it } from 'vitest';
import { classify } from '../domain/index.ts';
import { classificationInput } from './classification-input.ts';

describe('one classification input for the console and the API', () => {
  const facts = {
    startedAt: '2026-11-23T09:00:00.000Z',
    activity: 'warranty_repair',
    mode: 'on_site' as const,
    cause: null,
    blocking: false,
    contracts: [{ kind: 'standard' as const, validFrom: '2026-01-01', validTo: undefined }],
    device: { purchaseDate: '2026-06-01', warrantyMonths: 12, warrantyReview: 'Da confermare' },
  };
  it('keeps what decides money: a pending warranty review, an unknown cause, open-ended contracts', () => {
    const input = classificationInput(facts);
    expect(input).toMatchObject({ cause: 'unknown', device: { warrantyReview: 'Da confermare' }, contracts: [{ kind: 'standard', validFrom: '2026-01-01', validTo: null }] });
    expect(classify(input).flags).toContain('warranty_unconfirmed');
    expect(classify(classificationInput({ ...facts, device: { ...facts.device, warrantyReview: null } })).tier).toBe('warranty');
  });
  it('refuses an activity neither end knows, alike', () => {
    expect(() => classificationInput({ ...facts, activity: 'telepathy' })).toThrow(/Attività sconosciuta: telepathy/);
  });
});
