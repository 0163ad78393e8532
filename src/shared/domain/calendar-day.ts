import { TZDate } from '@date-fns/tz';
import { DomainRangeError } from './domain-range-error.ts';

/** Day and clock arithmetic in Europe/Rome. The only place instants become local days and back. */
export const romeTimeZone = 'Europe/Rome';

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export type DayParts = { year: number; month: number; day: number };

export const parseDay = (day: string): DayParts => {
  const match = dayPattern.exec(day);
  if (!match) throw new DomainRangeError(`Data non valida: "${day}" (atteso aaaa-MM-gg).`);
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) {
    throw new DomainRangeError(`Data inesistente: "${day}".`);
  }
  return parts;
};

export const formatDayParts = ({ year, month, day }: DayParts): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const addDays = (day: string, days: number): string => {
  const { year, month, day: d } = parseDay(day);
  return new Date(Date.UTC(year, month - 1, d + days)).toISOString().slice(0, 10);
};

/** Calendar months, clamped to the month's end: 31 January + 1 month = 28/29 February. */
export const addMonths = (day: string, months: number): string => {
  const { year, month, day: d } = parseDay(day);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatDayParts({ year: targetYear, month: targetMonth, day: Math.min(d, daysInMonth(targetYear, targetMonth)) });
};

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: string): number => {
  const { year, month, day: d } = parseDay(day);
  const weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
};

const weekPattern = /^(\d{4})-W(\d{2})$/;

/** The ISO week ('2026-W48') a calendar day belongs to: weeks start on Monday; week 1 holds the year's first Thursday. */
export const isoWeekOf = (day: string): string => {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const ordinal = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000);
  return `${year}-W${String(Math.floor(ordinal / 7) + 1).padStart(2, '0')}`;
};

/** The Monday and the Sunday of an ISO week ('2026-W48' → 23 and 29 November 2026). */
export const isoWeekDays = (week: string): { monday: string; sunday: string } => {
  const match = weekPattern.exec(week);
  if (!match) throw new DomainRangeError(`Settimana non valida: "${week}" (attesa aaaa-Wss).`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  const fourthOfJanuary = `${String(year).padStart(4, '0')}-01-04`;
  const monday = addDays(fourthOfJanuary, 1 - isoWeekday(fourthOfJanuary) + (number - 1) * 7);
  if (number < 1 || isoWeekOf(monday) !== week) throw new DomainRangeError(`La settimana ${week} non esiste.`);
  return { monday, sunday: addDays(monday, 6) };
};

export const toInstant = (at: Date | string): Date => {
  const date = at instanceof Date ? new Date(at.getTime()) : new Date(at);
  if (Number.isNaN(date.getTime())) throw new DomainRangeError(`Istante non valido: "${String(at)}".`);
  return date;
};

/** Minutes since local midnight, as 'HH:mm' → number. */
export const clockMinutes = (time: string): number => {
  const match = timePattern.exec(time);
  if (!match) {
    if (time === '24:00') return 24 * 60;
    throw new DomainRangeError(`Orario non valido: "${time}" (atteso HH:mm).`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
};

export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const hourMs = 3_600_000;
const offsetByUtcHour = new Map<number, number>();

/**
 * Rome's UTC offset in minutes at an instant, from the time-zone database (via TZDate), cached
 * per UTC hour: Rome changes offset only on the hour (01:00 UTC), so one lookup serves the hour.
 */
const romeOffsetMinutes = (ms: number): number => {
  const hour = Math.floor(ms / hourMs);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    offset = -new TZDate(hour * hourMs, romeTimeZone).getTimezoneOffset();
    if (offsetByUtcHour.size > 50_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
};

/** The Rome calendar day and the exact local time of day (in minutes, with fractions) of an instant. */
export const romeDayAndTime = (at: Date | string): { day: string; minuteOfDay: number } => {
  const ms = toInstant(at).getTime();
  const local = new Date(ms + romeOffsetMinutes(ms) * 60_000);
  return {
    day: formatDayParts({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() }),
    minuteOfDay:
      local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60 + local.getUTCMilliseconds() / 60_000,
  };
};

export const romeDay = (at: Date | string): string => romeDayAndTime(at).day;

/** The instant at which the Rome wall clock shows `time` on `day`. */
export const romeWallClockToInstant = (day: string, time: string): Date => {
  const { year, month, day: d } = parseDay(day);
  const minutes = clockMinutes(time);
  return new Date(new TZDate(year, month - 1, d, Math.floor(minutes / 60), minutes % 60, 0, romeTimeZone).getTime());
};
