import { describe, expect, it } from 'vitest';
import { auditActionLabel, describeAuditChange } from './audit.ts';

describe('audit trail wording', () => {
  it('names the fields that changed, before and after, in Italian', () => {
    expect(describeAuditChange({ notes: '', activity: 'software_assistance' }, { notes: 'Stampante verificata', activity: 'software_assistance' })).toEqual([
      'Note: — → Stampante verificata',
    ]);
    expect(describeAuditChange({ assigneeId: null }, { assigneeId: 'u2' })).toEqual(['Assegnatario: — → u2']);
    expect(describeAuditChange({ assigneeId: 'u1' }, { assigneeId: 'u2' }, new Map([['u1', 'Anna'], ['u2', 'Bruno']]))).toEqual(['Assegnatario: Anna → Bruno']);
    expect(describeAuditChange(null, { approved: true })).toEqual(['Approvato: — → sì']);
    // Fields the console has no words for are left to the raw record, not shown half-translated.
    expect(describeAuditChange({}, { internalCounter: 3 })).toEqual([]);
  });

  it('labels known actions and shows unknown ones as they are', () => {
    expect(auditActionLabel('intervention.approve')).toBe('Approvato');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });
});
