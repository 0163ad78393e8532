import { describe, expect, it } from 'vitest';
import { coverageWords, nothingChargedWords } from './customer-words.ts';

describe('the words a customer reads about their work', () => {
  it('never shows a green «Incluso» on work that was partly billed', () => {
    expect(coverageWords({ tier: 'extended', billedMinutes: 0 })).toEqual({ label: 'Incluso: assistenza estesa J-System', tone: 'success' });
    expect(coverageWords({ tier: 'extended', billedMinutes: 30 })).toEqual({ label: 'In parte a pagamento: assistenza estesa J-System (oltre i minuti inclusi)', tone: 'info' });
    expect(coverageWords({ tier: 'billable', billedMinutes: 60 })).toEqual({ label: 'A pagamento', tone: 'warning' });
    expect(coverageWords({ tier: 'warranty', billedMinutes: 0 }).label).toBe('Incluso: garanzia hardware');
  });
  it('says why nothing was charged without claiming a contract', () => {
    expect(nothingChargedWords('warranty')).toBe('nessun addebito: coperto dalla garanzia hardware');
    expect(nothingChargedWords('standard')).not.toMatch(/contratto/);
  });
});

describe('the calendar’s words', () => {
  it('names 4 October as Law 151/2025 does', async () => {
    const { defaultSupportCalendar } = await import('./domain/support-calendar.ts');
    expect(defaultSupportCalendar.holidays.find((holiday) => holiday.month === 10 && holiday.day === 4)?.name).toBe('Festa nazionale di San Francesco d’Assisi, patrono d’Italia');
  });
});
