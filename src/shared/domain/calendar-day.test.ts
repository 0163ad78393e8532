import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isoWeekDays, isoWeekOf, isoWeekday, romeDayAndTime, romeWallClockToInstant } from './calendar-day.ts';

const intlRome = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

describe('Rome calendar arithmetic', () => {
  it('property: the cached offset agrees with the time-zone database for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2045-01-01T00:00:00Z') }), (ms) => {
        const parts = Object.fromEntries(intlRome.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
        const { day, minuteOfDay } = romeDayAndTime(new Date(ms));
        expect(day).toBe(`${parts['year']}-${parts['month']}-${parts['day']}`);
        expect(Math.floor(minuteOfDay)).toBe(Number(parts['hour']) * 60 + Number(parts['minute']));
      }),
      { numRuns: 500 },
    );
  });
  it('handles the DST changes', () => {
    expect(romeDayAndTime('2026-03-29T00:59:59Z')).toMatchObject({ day: '2026-03-29' });
    expect(Math.floor(romeDayAndTime('2026-03-29T01:00:00Z').minuteOfDay)).toBe(3 * 60);
    expect(Math.floor(romeDayAndTime('2026-10-25T00:59:00Z').minuteOfDay)).toBe(2 * 60 + 59);
    expect(Math.floor(romeDayAndTime('2026-10-25T01:00:00Z').minuteOfDay)).toBe(2 * 60);
    expect(romeWallClockToInstant('2026-03-30', '09:00').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(romeWallClockToInstant('2026-11-23', '14:30').toISOString()).toBe('2026-11-23T13:30:00.000Z');
  });
  it('adds days and calendar months', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-21', -13)).toBe('2025-10-21');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'],
    ['2026-11-30', '2026-W49'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2026-01-01', '2026-W01'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeekOf(day)).toBe(week);
    const { monday, sunday } = isoWeekDays(week);
    expect(monday <= day && day <= sunday).toBe(true);
    expect(isoWeekOf(monday)).toBe(week);
    expect(isoWeekOf(sunday)).toBe(week);
  });

  it('refuses a week that does not exist', () => {
    expect(() => isoWeekDays('2025-W53')).toThrow(/non esiste/);
    expect(isoWeekDays('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
    expect(() => isoWeekDays('2026-48')).toThrow(/non valida/);
    expect(isoWeekDays('2020-W53')).toEqual({ monday: '2020-12-28', sunday: '2021-01-03' });
  });
});
