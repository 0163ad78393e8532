import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { easterSunday } from './easter.ts';
import {
  firstWorkingDayOf,
  supportMinutesBetween,
  defaultSupportCalendar,
  isSupportOpen,
  deskStatus,
  nextSupportOpening,
  supportCalendarSchema,
  supportWindows,
  type SupportCalendar,
} from './support-calendar.ts';

const full = [
  { start: '09:00', end: '13:00' },
  { start: '14:30', end: '18:30' },
];
const morning = [{ start: '09:00', end: '13:00' }];

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible
    [1943, '1943-04-25'], // latest possible
    [2000, '2000-04-23'],
    [2011, '2011-04-24'], // Easter Monday on 25 April
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // Easter on 25 April
    [2285, '2285-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });
  it('refuses years outside the Gregorian calendar', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
  it('always falls on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const day = easterSunday(year);
        expect(new Date(`${day}T12:00:00Z`).getUTCDay()).toBe(0);
        expect(day.slice(5) >= '03-22' && day.slice(5) <= '04-25').toBe(true);
      }),
    );
  });
});

describe('supportWindows', () => {
  it.each([
    ['2026-11-23', false, full, 'Monday'],
    ['2026-11-27', false, full, 'Friday'],
    ['2026-11-21', false, [], 'Saturday without weekend entitlement'],
    ['2026-11-21', true, full, 'Saturday with weekend service'],
    ['2026-11-22', false, [], 'Sunday without entitlement'],
    ['2026-11-22', true, morning, 'Sunday: mornings only'],
    ['2026-01-01', true, [], 'New Year'],
    ['2026-01-06', false, [], 'Epiphany on a Tuesday'],
    ['2026-04-05', true, [], 'Easter Sunday'],
    ['2026-04-06', false, [], 'Easter Monday'],
    ['2026-08-15', true, [], 'Ferragosto on a Saturday'],
    ['2026-12-25', false, [], 'Christmas'],
    ['2026-12-26', true, [], 'Santo Stefano'],
    ['2025-04-25', false, morning, 'Liberation Day on a Friday'],
    ['2026-04-25', false, [], 'Liberation Day on a Saturday, no entitlement'],
    ['2026-04-25', true, morning, 'Liberation Day on a Saturday, weekend service'],
    ['2026-05-01', false, morning, 'Labour Day'],
    ['2026-06-02', false, morning, 'Republic Day'],
    ['2027-10-04', false, morning, '4 October (decision: morning only)'],
    ['2026-10-04', true, morning, '4 October on a Sunday'],
    ['2027-11-01', false, morning, 'All Saints on a Monday'],
    ['2026-12-08', false, morning, 'Immaculate Conception'],
    ['2038-04-25', true, [], 'Easter on 25 April 2038: closed wins'],
    ['2011-04-25', false, [], 'Easter Monday on 25 April 2011: closed wins'],
    ['2026-03-29', true, morning, 'DST starts (Sunday)'],
    ['2026-10-25', true, morning, 'DST ends (Sunday)'],
  ])('%s weekend=%s → %j (%s)', (day, weekend, expected) => {
    expect(supportWindows(day, { weekend })).toEqual(expected);
  });

  it('applies a team lead’s closures and extra holidays from the calendar data', () => {
    const calendar: SupportCalendar = {
      ...defaultSupportCalendar,
      holidays: [...defaultSupportCalendar.holidays, { month: 12, day: 7, name: 'Sant’Ambrogio', windows: [] }],
      closures: [
        { id: '0193a000-0000-7000-8000-000000000001', from: '2027-08-09', to: '2027-08-20', name: 'Chiusura estiva', windows: [] },
        { id: '0193a000-0000-7000-8000-000000000002', from: '2027-07-02', to: '2027-07-02', name: 'Inventario', windows: [{ start: '14:30', end: '16:00' }] },
      ],
    };
    expect(supportWindows('2026-12-07', { calendar })).toEqual([]);
    expect(supportWindows('2027-08-09', { calendar })).toEqual([]);
    expect(supportWindows('2027-08-20', { calendar })).toEqual([]);
    expect(supportWindows('2027-08-23', { calendar })).toEqual(full);
    expect(supportWindows('2027-07-02', { calendar })).toEqual([{ start: '14:30', end: '16:00' }]);
    expect(supportCalendarSchema.parse(JSON.parse(JSON.stringify(calendar)))).toEqual(calendar);
  });

  it('rejects malformed days and calendars', () => {
    expect(() => supportWindows('2026-02-30')).toThrow(RangeError);
    expect(() => supportWindows('23/11/2026')).toThrow(RangeError);
    const broken = { ...defaultSupportCalendar, weekly: { ...defaultSupportCalendar.weekly, mon: [{ start: '13:00', end: '09:00' }] } };
    expect(supportCalendarSchema.safeParse(broken).success).toBe(false);
  });
});

describe('isSupportOpen', () => {
  it.each([
    ['2026-11-23T08:00:00.000Z', true, '09:00 CET opens'],
    ['2026-11-23T07:59:59.999Z', false, 'just before 09:00'],
    ['2026-11-23T11:59:59.999Z', true, 'just before 13:00'],
    ['2026-11-23T12:00:00.000Z', false, '13:00 is already closed'],
    ['2026-11-23T13:30:00.000Z', true, '14:30 reopens'],
    ['2026-11-23T17:30:00.000Z', false, '18:30 closed'],
    ['2026-03-30T07:00:00.000Z', true, '09:00 CEST after the spring change'],
    ['2026-03-30T06:59:00.000Z', false, '08:59 CEST'],
    ['2026-10-26T08:00:00.000Z', true, '09:00 CET after the autumn change'],
    ['2026-10-26T07:30:00.000Z', false, '08:30 CET'],
    ['2026-11-23T09:00:00+01:00', true, 'offset instant'],
  ])('%s → %s (%s)', (at, expected) => {
    expect(isSupportOpen(at)).toBe(expected);
  });
  it('needs the weekend entitlement on Saturdays and Sundays', () => {
    expect(isSupportOpen('2026-11-21T09:00:00Z')).toBe(false);
    expect(isSupportOpen('2026-11-21T09:00:00Z', { weekend: true })).toBe(true);
    expect(isSupportOpen('2026-11-22T13:30:00Z', { weekend: true })).toBe(false);
    expect(isSupportOpen('2026-03-29T07:00:00Z', { weekend: true })).toBe(true);
    expect(isSupportOpen('2026-03-29T06:59:59Z', { weekend: true })).toBe(false);
  });
  it('accepts Date objects and refuses invalid instants', () => {
    expect(isSupportOpen(new Date('2026-11-23T10:00:00Z'))).toBe(true);
    expect(() => isSupportOpen('yesterday')).toThrow(RangeError);
  });
});

describe('nextSupportOpening', () => {
  it.each([
    ['2026-11-23T10:00:00.000Z', false, '2026-11-23T10:00:00.000Z', 'already open'],
    ['2026-11-23T12:00:00.000Z', false, '2026-11-23T13:30:00.000Z', 'lunch break'],
    ['2026-11-20T17:30:00.000Z', false, '2026-11-23T08:00:00.000Z', 'Friday evening → Monday'],
    ['2026-11-20T17:30:00.000Z', true, '2026-11-21T08:00:00.000Z', 'Friday evening → Saturday with weekend'],
    ['2026-11-22T12:00:00.000Z', true, '2026-11-23T08:00:00.000Z', 'Sunday afternoon closed'],
    ['2026-12-24T18:00:00.000Z', false, '2026-12-28T08:00:00.000Z', 'Christmas'],
    ['2026-04-03T18:00:00.000Z', true, '2026-04-04T07:00:00.000Z', 'Easter Saturday with weekend'],
    ['2026-04-04T12:00:00.000Z', true, '2026-04-04T12:30:00.000Z', 'Easter Saturday afternoon'],
    ['2026-04-04T17:00:00.000Z', true, '2026-04-07T07:00:00.000Z', 'over Easter and Easter Monday'],
    ['2026-03-27T18:00:00.000Z', false, '2026-03-30T07:00:00.000Z', 'across the spring DST change'],
    ['2026-10-23T18:00:00.000Z', false, '2026-10-26T08:00:00.000Z', 'across the autumn DST change'],
    ['2026-12-31T18:00:00.000Z', false, '2027-01-04T08:00:00.000Z', 'New Year, then Saturday and Sunday'],
  ])('%s weekend=%s → %s (%s)', (at, weekend, expected) => {
    expect(nextSupportOpening(at, { weekend })).toBe(expected);
  });
  it('fails clearly when the calendar never opens', () => {
    const closed: SupportCalendar = { ...defaultSupportCalendar, closures: [{ id: '0193a000-0000-7000-8000-000000000003', from: '2026-01-01', to: '2030-12-31', name: 'x', windows: [] }] };
    expect(() => nextSupportOpening('2026-06-01T10:00:00Z', { calendar: closed })).toThrow(/Nessuna apertura/);
  });
  it('property: the answer is open and nothing between the instant and it is', () => {
    const from = Date.parse('2024-01-01T00:00:00Z');
    const to = Date.parse('2040-12-31T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.boolean(), (ms, weekend) => {
        const at = new Date(ms);
        const next = nextSupportOpening(at, { weekend });
        const nextMs = Date.parse(next);
        expect(nextMs).toBeGreaterThanOrEqual(ms);
        expect(isSupportOpen(next, { weekend })).toBe(true);
        if (nextMs > ms) {
          expect(isSupportOpen(new Date(nextMs - 1), { weekend })).toBe(false);
          // Windows start and end on quarter hours: sampling every 15 minutes cannot miss one.
          const quarter = 15 * 60_000;
          for (let t = Math.ceil(ms / quarter) * quarter; t < nextMs; t += quarter) {
            expect(isSupportOpen(new Date(t), { weekend })).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('deskStatus (the console header)', () => {
  it.each([
    ['a weekday morning', '2026-11-30T09:00:00Z', { state: 'open' }],
    ['Sunday morning: weekend service', '2026-11-29T09:00:00Z', { state: 'weekend' }],
    ['Sunday afternoon: closed until Monday', '2026-11-29T13:00:00Z', { state: 'closed', nextOpening: '2026-11-30T08:00:00.000Z', nextOpeningIsWeekend: false }],
    ['Saturday lunch: weekend service again at 14:30', '2026-11-28T12:30:00Z', { state: 'closed', nextOpening: '2026-11-28T13:30:00.000Z', nextOpeningIsWeekend: true }],
    ['Christmas: no service, next the Sunday after', '2026-12-25T09:00:00Z', { state: 'closed', nextOpening: '2026-12-27T08:00:00.000Z', nextOpeningIsWeekend: true }],
  ])('%s', (_, at, expected) => {
    expect(deskStatus(at)).toEqual(expected);
  });
});

describe('supportMinutesBetween', () => {
  it.each([
    ['2026-11-23T08:00:00Z', '2026-11-23T09:00:00Z', false, 60, 'one morning hour'],
    ['2026-11-23T11:30:00Z', '2026-11-23T14:00:00Z', false, 60, 'lunch break not counted (12:30–15:00 Rome)'],
    ['2026-11-20T16:00:00Z', '2026-11-23T09:00:00Z', false, 90 + 60, 'Friday 17:00 to Monday 10:00, weekend closed'],
    ['2026-11-20T16:00:00Z', '2026-11-23T09:00:00Z', true, 90 + 480 + 240 + 60, 'with weekend service'],
    ['2026-12-24T17:00:00Z', '2026-12-28T09:00:00Z', false, 30 + 60, 'Christmas Eve 18:00 to Monday 10:00'],
    ['2026-11-23T09:00:00Z', '2026-11-23T08:00:00Z', false, 0, 'reversed interval'],
  ])('%s → %s weekend=%s: %i minutes (%s)', (from, to, weekend, expected) => {
    expect(supportMinutesBetween(from, to, { weekend })).toBe(expected);
  });
  it('property: monotone in the end, and zero while the desk is closed', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }), fc.nat(10 * 86_400_000), fc.nat(86_400_000), (from, span, more) => {
        const a = supportMinutesBetween(new Date(from), new Date(from + span));
        const b = supportMinutesBetween(new Date(from), new Date(from + span + more));
        expect(b).toBeGreaterThanOrEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the first working day of a month', () => {
  it('skips weekends and closed holidays, and follows the calendar a lead edits', () => {
    expect(firstWorkingDayOf('2026-12')).toBe('2026-12-01');
    // 1 January is closed, then a weekend.
    expect(firstWorkingDayOf('2027-01')).toBe('2027-01-04');
    // August 2026 starts on a Saturday.
    expect(firstWorkingDayOf('2026-08')).toBe('2026-08-03');
    const bridge = { ...defaultSupportCalendar, closures: [...defaultSupportCalendar.closures, { id: '0193a1c0-0000-7000-8000-0000000000c1', from: '2026-12-01', to: '2026-12-02', name: 'Inventario', windows: [] }] };
    expect(firstWorkingDayOf('2026-12', bridge)).toBe('2026-12-03');
  });
});
