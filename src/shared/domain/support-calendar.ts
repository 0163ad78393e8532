import { z } from 'zod';
import { addDays, clockMinutes, formatClock, isoWeekday, parseDay, romeDayAndTime, romeWallClockToInstant, toInstant } from './calendar-day.ts';
import { easterSunday } from './easter.ts';
import { DomainRangeError } from './domain-range-error.ts';

/**
 * The support calendar is data (domain rules §3): a team lead edits it and the central API
 * distributes it, so it is a plain, serialisable, validated object.
 */
const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Orario nel formato HH:mm');
export const timeWindowSchema = z
  .object({ start: clock, end: clock })
  .strict()
  .refine((window) => clockMinutes(window.start) < clockMinutes(window.end), 'L’inizio deve precedere la fine');
export type TimeWindow = z.infer<typeof timeWindowSchema>;

export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof weekdayKeys)[number];

export const ticketPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
const handlingTargetSchema = z.object({ takeMinutes: z.int().min(1).max(60 * 100), resolveMinutes: z.int().min(1).max(60 * 400) }).strict();
export const handlingTargetsSchema = z.object({ P1: handlingTargetSchema, P2: handlingTargetSchema, P3: handlingTargetSchema, P4: handlingTargetSchema }).strict();
export type HandlingTargets = z.infer<typeof handlingTargetsSchema>;

/**
 * Decision (domain rules §6, handling times): targets in support minutes (the desk's open hours),
 * a lead edits them with the calendar. P1 is taken within half an hour and solved the same
 * morning; P4 within a working day and solved within a working week.
 */
export const defaultHandlingTargets: HandlingTargets = {
  P1: { takeMinutes: 30, resolveMinutes: 4 * 60 },
  P2: { takeMinutes: 60, resolveMinutes: 8 * 60 },
  P3: { takeMinutes: 4 * 60, resolveMinutes: 16 * 60 },
  P4: { takeMinutes: 8 * 60, resolveMinutes: 40 * 60 },
};

export const supportCalendarSchema = z
  .object({
    version: z.string().min(1),
    weekly: z.object(Object.fromEntries(weekdayKeys.map((key) => [key, z.array(timeWindowSchema)])) as Record<WeekdayKey, z.ZodArray<typeof timeWindowSchema>>).strict(),
    /** Days served only to customers entitled to weekend service. */
    weekendDays: z.array(z.enum(weekdayKeys)),
    /** Every year on this month and day. `windows: []` means closed. */
    holidays: z.array(
      z.object({ month: z.int().min(1).max(12), day: z.int().min(1).max(31), name: z.string(), windows: z.array(timeWindowSchema) }).strict(),
    ),
    /** Relative to Easter Sunday (0) every year: Easter Monday is 1. */
    easterHolidays: z.array(z.object({ offsetDays: z.int().min(-60).max(60), name: z.string(), windows: z.array(timeWindowSchema) }).strict()),
    /** One-off days or periods: a closure, a patron saint's day, a summer week. */
    closures: z.array(
      z.object({ id: z.uuid(), from: z.iso.date(), to: z.iso.date(), name: z.string(), windows: z.array(timeWindowSchema) }).strict(),
    ),
    /** Handling-time targets per priority, in support minutes (absent in calendars from before they were data). */
    handlingTargets: handlingTargetsSchema.default(defaultHandlingTargets),
  })
  .strict();
export type SupportCalendar = z.infer<typeof supportCalendarSchema>;

const full: TimeWindow[] = [
  { start: '09:00', end: '13:00' },
  { start: '14:30', end: '18:30' },
];
const morning: TimeWindow[] = [{ start: '09:00', end: '13:00' }];

export const defaultSupportCalendar: SupportCalendar = {
  version: '2026-11-21',
  weekly: { mon: full, tue: full, wed: full, thu: full, fri: full, sat: full, sun: morning },
  weekendDays: ['sat', 'sun'],
  holidays: [
    { month: 1, day: 1, name: 'Capodanno', windows: [] },
    { month: 1, day: 6, name: 'Epifania', windows: [] },
    { month: 8, day: 15, name: 'Ferragosto', windows: [] },
    { month: 12, day: 25, name: 'Natale', windows: [] },
    { month: 12, day: 26, name: 'Santo Stefano', windows: [] },
    { month: 4, day: 25, name: 'Festa della Liberazione', windows: morning },
    { month: 5, day: 1, name: 'Festa del Lavoro', windows: morning },
    { month: 6, day: 2, name: 'Festa della Repubblica', windows: morning },
    // Decision (domain rules §3): national holiday from 2026 (Law 151/2025), morning only.
    { month: 10, day: 4, name: 'Festa nazionale di San Francesco d’Assisi, patrono d’Italia', windows: morning },
    { month: 11, day: 1, name: 'Ognissanti', windows: morning },
    { month: 12, day: 8, name: 'Immacolata Concezione', windows: morning },
  ],
  easterHolidays: [
    { offsetDays: 0, name: 'Pasqua', windows: [] },
    { offsetDays: 1, name: 'Lunedì dell’Angelo', windows: [] },
  ],
  closures: [],
  handlingTargets: defaultHandlingTargets,
};

export type SupportOptions = { weekend?: boolean; calendar?: SupportCalendar };

const intersect = (a: readonly TimeWindow[], b: readonly TimeWindow[]): TimeWindow[] => {
  const result: TimeWindow[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(clockMinutes(x.start), clockMinutes(y.start));
      const end = Math.min(clockMinutes(x.end), clockMinutes(y.end));
      if (start < end) result.push({ start: formatClock(start), end: formatClock(end) });
    }
  }
  return result.sort((p, q) => clockMinutes(p.start) - clockMinutes(q.start));
};

/** The special days (holidays, Easter-relative days, closures) that fall on `day`, by name. */
export const specialDaysOn = (day: string, calendar: SupportCalendar = defaultSupportCalendar) => {
  const { year, month, day: dayOfMonth } = parseDay(day);
  const easter = year >= 1583 ? easterSunday(year) : null;
  return [
    ...calendar.holidays.filter((holiday) => holiday.month === month && holiday.day === dayOfMonth),
    ...calendar.easterHolidays.filter((holiday) => easter !== null && addDays(easter, holiday.offsetDays) === day),
    ...calendar.closures.filter((closure) => closure.from <= day && day <= closure.to),
  ];
};

export const isWeekendDay = (day: string, calendar: SupportCalendar = defaultSupportCalendar): boolean =>
  calendar.weekendDays.includes(weekdayKeys[isoWeekday(day) - 1] ?? 'mon');

/**
 * The support windows of a Rome calendar day, local 'HH:mm', half-open. Every special day that
 * falls on it narrows the weekly windows; when several do (Easter Sunday on 25 April, 2038) the
 * most restrictive wins, because each is a limit on service, never an extension.
 */
export const supportWindows = (day: string, options: SupportOptions = {}): TimeWindow[] =>
  cachedWindows(day, options).map((window) => ({ ...window }));

const maxCachedDays = 4096;
const windowsCache = new WeakMap<SupportCalendar, Map<string, readonly TimeWindow[]>>();

/** Calendars are treated as immutable values: a day's windows are computed once per calendar. */
const cachedWindows = (day: string, options: SupportOptions): readonly TimeWindow[] => {
  const calendar = options.calendar ?? defaultSupportCalendar;
  const weekend = options.weekend === true;
  let cache = windowsCache.get(calendar);
  if (!cache) {
    cache = new Map();
    windowsCache.set(calendar, cache);
  }
  const key = `${day}|${weekend ? 1 : 0}`;
  let windows = cache.get(key);
  if (!windows) {
    windows = computeSupportWindows(day, calendar, weekend);
    if (cache.size >= maxCachedDays) cache.clear();
    cache.set(key, windows);
  }
  return windows;
};

const computeSupportWindows = (day: string, calendar: SupportCalendar, weekend: boolean): TimeWindow[] => {
  const weekday = weekdayKeys[isoWeekday(day) - 1] ?? 'mon';
  if (calendar.weekendDays.includes(weekday) && !weekend) return [];
  let windows: TimeWindow[] = calendar.weekly[weekday].map((window) => ({ ...window }));
  for (const special of specialDaysOn(day, calendar)) windows = intersect(windows, special.windows);
  return windows;
};

export const isSupportOpen = (at: Date | string, options: SupportOptions = {}): boolean => {
  const { day, minuteOfDay } = romeDayAndTime(at);
  return cachedWindows(day, options).some(
    (window) => clockMinutes(window.start) <= minuteOfDay && minuteOfDay < clockMinutes(window.end),
  );
};

/**
 * What the desk offers right now, as the console's header says it: regular service; weekend
 * service (open, but only J-System customers with a blocking problem); or closed, with the next
 * opening of any service (a weekend window included: someone can be helped then).
 */
export type DeskStatus =
  | { state: 'open' }
  | { state: 'weekend' }
  | { state: 'closed'; nextOpening: string; nextOpeningIsWeekend: boolean };

export const deskStatus = (at: Date | string, calendar?: SupportCalendar): DeskStatus => {
  const options = calendar ? { calendar } : {};
  if (isSupportOpen(at, options)) return { state: 'open' };
  const withWeekend = { ...options, weekend: true };
  if (isSupportOpen(at, withWeekend)) return { state: 'weekend' };
  const nextOpening = nextSupportOpening(at, withWeekend);
  return { state: 'closed', nextOpening, nextOpeningIsWeekend: !isSupportOpen(nextOpening, options) };
};

/** Far enough for any real calendar (a summer closure, a long holiday bridge); beyond it the calendar is broken. */
const searchHorizonDays = 400;

/** The first open instant at or after `at`, as a UTC ISO string. */
export const nextSupportOpening = (at: Date | string, options: SupportOptions = {}): string => {
  const instant = toInstant(at);
  if (isSupportOpen(instant, options)) return instant.toISOString();
  const startDay = romeDayAndTime(instant).day;
  for (let offset = 0; offset <= searchHorizonDays; offset++) {
    const day = addDays(startDay, offset);
    for (const window of cachedWindows(day, options)) {
      const opening = romeWallClockToInstant(day, window.start);
      if (opening.getTime() >= instant.getTime()) return opening.toISOString();
    }
  }
  throw new DomainRangeError(`Nessuna apertura del servizio nei prossimi ${searchHorizonDays} giorni: controlla il calendario.`);
};

/**
 * Minutes of support hours between two instants (how long a request has waited, as the desk
 * counts it): the overlap of [from, to) with every support window on the days in between.
 */
export const supportMinutesBetween = (from: Date | string, to: Date | string, options: SupportOptions = {}): number => {
  const start = toInstant(from).getTime();
  const end = toInstant(to).getTime();
  if (end <= start) return 0;
  let total = 0;
  const lastDay = romeDayAndTime(new Date(end)).day;
  for (let day = romeDayAndTime(new Date(start)).day, guard = 0; day <= lastDay && guard < 3660; day = addDays(day, 1), guard++) {
    for (const window of cachedWindows(day, options)) {
      const opens = romeWallClockToInstant(day, window.start).getTime();
      const closes = window.end === '24:00' ? romeWallClockToInstant(addDays(day, 1), '00:00').getTime() : romeWallClockToInstant(day, window.end).getTime();
      const overlap = Math.min(end, closes) - Math.max(start, opens);
      if (overlap > 0) total += overlap;
    }
  }
  return Math.floor(total / 60_000);
};

/**
 * The first working day of a month (`yyyy-MM`): a weekday the desk is open on, per the calendar
 * (1 January and Epiphany closed, a bridge closure a lead added…). The monthly statements go out then.
 */
export const firstWorkingDayOf = (month: string, calendar: SupportCalendar = defaultSupportCalendar): string => {
  for (let day = `${month}-01`, guard = 0; guard < 31; day = addDays(day, 1), guard++) {
    if (!isWeekendDay(day, calendar) && cachedWindows(day, { calendar }).length > 0) return day;
  }
  throw new DomainRangeError(`Nessun giorno lavorativo nel mese ${month}: controlla il calendario.`);
};
