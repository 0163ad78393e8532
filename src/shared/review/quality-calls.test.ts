import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { qualitySample, qualityWeekId, type QualityCandidate } from './quality-calls.ts';

const id = (n: number) => `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
/** Tickets closed on Wednesday 25 November 2026 (week 2026-W48), one customer each unless told. */
const closed = (count: number, customerOf: (n: number) => number = (n) => n): QualityCandidate[] =>
  Array.from({ length: count }, (_, n) => ({ ticketId: id(n + 1), customerId: id(1000 + customerOf(n)), closedAt: '2026-11-25T10:00:00.000Z' }));

describe('qualitySample', () => {
  it('draws the share of the week’s closed tickets, at least one, the same every time', () => {
    const candidates = closed(45);
    const first = qualitySample({ week: '2026-W48', sharePercent: 10, candidates, recentlySampledCustomers: new Set() });
    expect(first.closedTickets).toBe(45);
    expect(first.chosen).toHaveLength(5);
    // Reproducible whatever the order the tickets are read in.
    const again = qualitySample({ week: '2026-W48', sharePercent: 10, candidates: [...candidates].reverse(), recentlySampledCustomers: new Set() });
    expect(again.chosen).toEqual(first.chosen);
    // Another week draws another sample from the same tickets (they look random, not ordered by id).
    const moved = candidates.map((candidate) => ({ ...candidate, closedAt: '2026-12-02T10:00:00.000Z' }));
    const other = qualitySample({ week: '2026-W49', sharePercent: 10, candidates: moved, recentlySampledCustomers: new Set() });
    expect(other.chosen.map((item) => item.ticketId)).not.toEqual(first.chosen.map((item) => item.ticketId));
    expect(first.chosen.map((item) => item.ticketId)).not.toEqual(candidates.slice(0, 5).map((item) => item.ticketId));
    expect(qualitySample({ week: '2026-W48', sharePercent: 10, candidates: closed(3), recentlySampledCustomers: new Set() }).chosen).toHaveLength(1);
  });

  it('counts only the week’s Rome days, calls each customer once, and skips customers sampled in the last 90 days', () => {
    const sundayNight = { ticketId: id(90), customerId: id(2090), closedAt: '2026-11-29T23:30:00.000Z' }; // Monday 30, 00:30 in Rome
    const lateSunday = { ticketId: id(91), customerId: id(2091), closedAt: '2026-11-29T22:00:00.000Z' }; // Sunday 29, 23:00 in Rome
    const sameCustomer = closed(4, () => 7);
    const sample = qualitySample({ week: '2026-W48', sharePercent: 100, candidates: [sundayNight, lateSunday, ...sameCustomer, ...closed(2, (n) => n + 50)], recentlySampledCustomers: new Set([id(1050)]) });
    expect(sample.closedTickets).toBe(7);
    expect(sample.chosen.map((item) => item.customerId).sort()).toEqual([id(1007), id(1051), id(2091)].sort());
  });

  it('a week with nothing closed draws nothing', () => {
    expect(qualitySample({ week: '2026-W48', sharePercent: 10, candidates: [], recentlySampledCustomers: new Set() })).toEqual({ closedTickets: 0, chosen: [] });
  });

  it('a week’s row id is a UUID derived from the week', () => {
    expect(qualityWeekId('2026-W48')).toBe('0193a1c0-9a11-7000-8000-000000202648');
    expect(z.uuid().safeParse(qualityWeekId('2026-W48')).success).toBe(true);
  });
});
