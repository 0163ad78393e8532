import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { it } from 'date-fns/locale/it';

import { addDays, romeTimeZone } from './domain/calendar-day.ts';

/** Every displayed time is Europe/Rome, whatever the machine's zone, like every rule about days and hours. */

export const toRome = (instant: Date | string): TZDate => new TZDate(new Date(instant).getTime(), romeTimeZone);

export const formatDateTime = (instant: Date | string): string => format(toRome(instant), 'd MMM yyyy, HH:mm', { locale: it });

export const formatDay = (day: string): string => format(new Date(`${day}T12:00:00Z`), 'd MMMM yyyy', { locale: it });

/** "martedì 24 novembre": a coming day as the calendar lists it. */
export const formatWeekday = (day: string): string => format(new Date(`${day}T12:00:00Z`), 'EEEE d MMMM', { locale: it });

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
export const formatEuroCents = (cents: number): string => euro.format(cents / 100);

/** An amount a person types, «12,50» or «12.50» (up to 999.999,99): its cents, or null when it is no amount. */
export const parseEuroCents = (text: string): number | null => {
  const match = /^\s*(\d{1,6})(?:[,.](\d{1,2}))?\s*$/.exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) : null;
};

/** Cents as a person types them back into a field: «80,00». */
export const euroInputText = (cents: number): string => (cents / 100).toFixed(2).replace('.', ',');

/** A mean rating kept in tenths (43), as Italians read it: «4,3»; null when nobody rated. */
export const formatTenths = (tenths: number | null, none = '—'): string =>
  tenths === null ? none : (tenths / 10).toLocaleString('it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatMinutes = (minutes: number): string => {
  // An adjustment takes minutes back: the typographic minus before the whole duration.
  if (minutes < 0) return `\u2212${formatMinutes(-minutes)}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
};

/** A running clock: 0:05:09, 1:01:00. */
export const formatDuration = (seconds: number): string => {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
};

/** An instant as a `datetime-local` input shows it, in Rome time ("2026-11-23T09:30"). */
export const toRomeInputValue = (instant: Date | string): string => format(toRome(instant), "yyyy-MM-dd'T'HH:mm");

/**
 * A package's or a warranty's last valid day, from the first day it no longer applies (how the
 * ledger stores `expiresOn`): "fino al 22 novembre 2027". Every screen, mail and PDF says it so.
 */
export const formatValidUntil = (firstInvalidDay: string): string => `fino al ${formatDay(addDays(firstInvalidDay, -1))}`;
