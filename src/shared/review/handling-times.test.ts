import { describe, expect, it } from 'vitest';
import { applyCalendarEdit, defaultSupportCalendar } from '../domain/index.ts';
import { handlingTimesOf, summarizeHandling } from './handling-times.ts';

// Monday 23 November 2026, opened at 09:30 in Rome.
const openedAt = '2026-11-23T08:30:00.000Z';

describe('handling times in support hours', () => {
  it('counts the legs in support minutes: the lunch break and the night do not count', () => {
    // Taken at 10:00, closed Tuesday at 10:00: 30 minutes, then 3 h 30 + 4 h + 1 h = 8 h 30.
    const times = handlingTimesOf({ priority: 'P2', openedAt, takenAt: '2026-11-23T09:00:00.000Z', closedAt: '2026-11-24T09:00:00.000Z' }, '2026-11-30T00:00:00.000Z');
    expect(times).toEqual({ takeMinutes: 30, taken: true, resolveMinutes: 510, resolved: true, takeTargetMinutes: 60, resolveTargetMinutes: 480 });
  });

  it('a running leg counts up to now; a ticket closed untaken was taken by closing it', () => {
    expect(handlingTimesOf({ priority: 'P1', openedAt, takenAt: null, closedAt: null }, '2026-11-23T09:15:00.000Z')).toMatchObject({ takeMinutes: 45, taken: false, resolved: false });
    expect(handlingTimesOf({ priority: 'P4', openedAt, takenAt: null, closedAt: '2026-11-23T09:00:00.000Z' }, '2026-12-01T00:00:00.000Z')).toMatchObject({ takeMinutes: 30, taken: true, resolveMinutes: 30 });
  });

  it('summarizes a month per priority against the targets the lead set in the calendar', () => {
    const calendar = applyCalendarEdit(defaultSupportCalendar, { kind: 'setHandlingTarget', priority: 'P1', takeMinutes: 15, resolveMinutes: 60 });
    const summary = summarizeHandling(
      '2026-11',
      [
        { priority: 'P1', openedAt, takenAt: '2026-11-23T08:40:00.000Z', closedAt: '2026-11-23T09:00:00.000Z' },
        { priority: 'P1', openedAt, takenAt: '2026-11-23T09:00:00.000Z', closedAt: '2026-11-23T11:00:00.000Z' },
      ],
      calendar,
    );
    expect(summary.rows[0]).toEqual({ priority: 'P1', closed: 2, averageTakeMinutes: 20, averageResolveMinutes: 90, takenWithinTarget: 1, resolvedWithinTarget: 1, takeTargetMinutes: 15, resolveTargetMinutes: 60 });
    expect(summary.rows[3]).toMatchObject({ priority: 'P4', closed: 0, averageTakeMinutes: null });
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'setHandlingTarget', priority: 'P2', takeMinutes: 120, resolveMinutes: 60 })).toThrow(/più breve/);
  });
});
