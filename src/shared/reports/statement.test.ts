import { describe, expect, it } from 'vitest';
import { statementLines, statementTotals, type BookedEntry } from './statement.ts';

const entry = (workId: string, invoicedMinutes: number, workAt = '2026-11-10T09:00:00.000Z'): BookedEntry => ({
  workId,
  workAt,
  ticketNumber: `T-${workId}`,
  activity: 'software_assistance',
  billedMinutes: invoicedMinutes,
  invoicedMinutes,
  netCents: (invoicedMinutes * 8000) / 60,
  vatCents: (invoicedMinutes * 1760) / 60,
  grossCents: (invoicedMinutes * 9760) / 60,
});

describe('statement lines', () => {
  it('nets a re-evaluation within the month into one line, drops work that nets to nothing, marks work stated before as an adjustment', () => {
    const lines = statementLines(
      [entry('a', 60), entry('a', -60), entry('a', 90), entry('b', 60), entry('b', -60), entry('c', 30, '2026-10-30T09:00:00.000Z')],
      new Set(['c']),
    );
    expect(lines.map((line) => [line.workId, line.invoicedMinutes, line.adjustment])).toEqual([
      ['c', 30, true],
      ['a', 90, false],
    ]);
    expect(lines[1]!.activity).toBe('Assistenza e formazione da remoto sull’uso del software');
    expect(statementTotals(lines)).toEqual({ invoicedMinutes: 120, netCents: 16000, vatCents: 3520, grossCents: 19520 });
  });
});
