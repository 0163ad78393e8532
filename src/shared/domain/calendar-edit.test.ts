import { describe, expect, it } from 'vitest';
import { applyCalendarEdit, describeCalendarEdit, parseWindows } from './calendar-edit.ts';
import { deskStatus, defaultSupportCalendar, supportWindows } from './support-calendar.ts';

const closureId = '0193a000-0000-7000-8000-0000000000c1';

describe('applyCalendarEdit', () => {
  it('adds a closure that the desk status and the support windows follow, and removes it again', () => {
    // Tuesday 1 December 2026, 18:45 in Rome: closed, next opening Wednesday 09:00.
    const evening = '2026-12-01T17:45:00.000Z';
    expect(deskStatus(evening, defaultSupportCalendar)).toEqual({ state: 'closed', nextOpening: '2026-12-02T08:00:00.000Z', nextOpeningIsWeekend: false });
    const closed = applyCalendarEdit(defaultSupportCalendar, { kind: 'addClosure', id: closureId, from: '2026-12-02', to: '2026-12-02', name: 'Inventario', windows: [] });
    expect(supportWindows('2026-12-02', { calendar: closed })).toEqual([]);
    expect(deskStatus(evening, closed)).toEqual({ state: 'closed', nextOpening: '2026-12-03T08:00:00.000Z', nextOpeningIsWeekend: false });
    const reopened = applyCalendarEdit(closed, { kind: 'removeClosure', id: closureId });
    expect(reopened.closures).toEqual([]);
    expect(defaultSupportCalendar.closures).toEqual([]);
  });

  it('adding the same closure twice leaves one', () => {
    const edit = { kind: 'addClosure' as const, id: closureId, from: '2027-08-09', to: '2027-08-20', name: 'Chiusura estiva', windows: [] };
    const once = applyCalendarEdit(defaultSupportCalendar, edit);
    expect(applyCalendarEdit(once, edit)).toEqual(once);
  });

  it('refuses impossible edits with an Italian reason', () => {
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'addClosure', id: closureId, from: '2027-08-20', to: '2027-08-09', name: 'x', windows: [] })).toThrow(/terminare/);
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'addClosure', id: closureId, from: '2027-01-01', to: '2027-12-31', name: 'x', windows: [] })).toThrow(/al massimo 92 giorni/);
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'removeClosure', id: closureId })).toThrow(/non trovata/);
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'setHoliday', month: 2, day: 30, name: 'x', windows: [] })).toThrow(/non esiste/);
    expect(() => applyCalendarEdit(defaultSupportCalendar, { kind: 'removeHoliday', month: 3, day: 3 })).toThrow(/Nessuna festività/);
    expect(() =>
      applyCalendarEdit(defaultSupportCalendar, { kind: 'setWeekday', weekday: 'mon', windows: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '14:00' }] }),
    ).toThrow(/sovrapporsi/);
  });

  it('never lets the desk stop opening: closing every weekday is refused', () => {
    let calendar = defaultSupportCalendar;
    for (const weekday of ['mon', 'tue', 'wed', 'thu'] as const) calendar = applyCalendarEdit(calendar, { kind: 'setWeekday', weekday, windows: [] });
    expect(() => applyCalendarEdit(calendar, { kind: 'setWeekday', weekday: 'fri', windows: [] })).toThrow(/Almeno un giorno feriale/);
  });

  it('a patron saint’s day becomes a yearly holiday; an existing holiday changes its hours', () => {
    const patron = applyCalendarEdit(defaultSupportCalendar, { kind: 'setHoliday', month: 12, day: 7, name: 'Sant’Ambrogio', windows: [] });
    expect(supportWindows('2026-12-07', { calendar: patron })).toEqual([]);
    expect(supportWindows('2027-12-07', { calendar: patron })).toEqual([]);
    const fullDay = applyCalendarEdit(patron, { kind: 'setHoliday', month: 12, day: 8, name: 'Immacolata Concezione', windows: [] });
    expect(supportWindows('2026-12-08', { calendar: fullDay })).toEqual([]);
    expect(fullDay.holidays.filter((holiday) => holiday.month === 12 && holiday.day === 8)).toHaveLength(1);
  });

  it('describes each edit in one Italian line', () => {
    expect(describeCalendarEdit({ kind: 'addClosure', id: closureId, from: '2026-12-02', to: '2026-12-02', name: 'Inventario', windows: [] })).toBe(
      'Chiusura «Inventario» dal 2026-12-02 al 2026-12-02: chiuso',
    );
    expect(describeCalendarEdit({ kind: 'setWeekday', weekday: 'sat', windows: [{ start: '09:00', end: '13:00' }] })).toBe('Sabato: 09:00–13:00');
  });
});

describe('parseWindows', () => {
  it.each([
    ['', []],
    ['chiuso', []],
    ['09:00-13:00', [{ start: '09:00', end: '13:00' }]],
    ['14:30–18:30, 9-13', [{ start: '09:00', end: '13:00' }, { start: '14:30', end: '18:30' }]],
    ['9.30-12', [{ start: '09:30', end: '12:00' }]],
  ])('%j → %j', (text, windows) => {
    expect(parseWindows(text)).toEqual({ ok: true, windows });
  });

  it.each(['9', '13-9', '09:00-13:00, 12:00-14:00', 'mattina', '25:00-26:00'])('refuses %j', (text) => {
    expect(parseWindows(text).ok).toBe(false);
  });
});
