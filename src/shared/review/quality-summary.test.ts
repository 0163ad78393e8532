import { describe, expect, it } from 'vitest';
import { summarizeQuality } from './quality-summary.ts';

const anna = { technicianId: '0193a1c0-0000-7000-8000-00000000000a', technicianName: 'Anna' };
const bruno = { technicianId: '0193a1c0-0000-7000-8000-00000000000b', technicianName: 'Bruno' };

describe('«Qualità per tecnico»', () => {
  it('averages the form’s ratings and the calls’ ratings in tenths, counts every outcome', () => {
    const summary = summarizeQuality(
      '2026-11',
      [
        { ...anna, rating: 5 },
        { ...anna, rating: 4 },
        { ...anna, rating: 4 },
        { ...bruno, rating: 2 },
      ],
      [
        { ...anna, outcome: 'reached', rating: 5 },
        { ...anna, outcome: 'not_reached', rating: null },
        { ...bruno, outcome: 'pending', rating: null },
      ],
    );
    expect(summary.rows.map((row) => row.technicianName)).toEqual(['Anna', 'Bruno']);
    expect(summary.rows[0]).toMatchObject({ feedback: { count: 3, averageTenths: 43, byRating: { 4: 2, 5: 1 } }, calls: { reached: 1, notReached: 1, pending: 0, averageTenths: 50 } });
    expect(summary.rows[1]).toMatchObject({ feedback: { count: 1, averageTenths: 20 }, calls: { reached: 0, pending: 1, averageTenths: null } });
  });

  it('a ticket nobody held is counted apart, never given to someone', () => {
    const summary = summarizeQuality('2026-11', [{ technicianId: null, technicianName: null, rating: 3 }], []);
    expect(summary.rows).toEqual([expect.objectContaining({ technicianId: null, technicianName: 'Senza tecnico', feedback: expect.objectContaining({ count: 1, averageTenths: 30 }) })]);
  });
});
