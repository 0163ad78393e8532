import { addDays, clockMinutes, parseDay, romeWallClockToInstant } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';
import { nextSupportOpening, weekdayKeys, type SupportCalendar, type TicketPriority, type TimeWindow, type WeekdayKey } from './support-calendar.ts';

/**
 * One change a team lead makes to the support calendar (domain rules §3). Edits are small and
 * named, so two leads editing different days offline both keep their change when the API applies
 * them one after the other; the API keeps every resulting version.
 */
export type CalendarEdit =
  | { kind: 'addClosure'; id: string; from: string; to: string; name: string; windows: TimeWindow[] }
  | { kind: 'removeClosure'; id: string }
  | { kind: 'setHoliday'; month: number; day: number; name: string; windows: TimeWindow[] }
  | { kind: 'removeHoliday'; month: number; day: number }
  | { kind: 'setWeekday'; weekday: WeekdayKey; windows: TimeWindow[] }
  | { kind: 'setHandlingTarget'; priority: TicketPriority; takeMinutes: number; resolveMinutes: number };

/** A closure longer than this is a mistake (a year typed wrong), not a summer week. */
export const maxClosureDays = 92;

export const weekdayLabels = {
  mon: 'Lunedì',
  tue: 'Martedì',
  wed: 'Mercoledì',
  thu: 'Giovedì',
  fri: 'Venerdì',
  sat: 'Sabato',
  sun: 'Domenica',
} as const satisfies Record<WeekdayKey, string>;

const assertWindows = (windows: readonly TimeWindow[]): void => {
  const sorted = [...windows].sort((a, b) => clockMinutes(a.start) - clockMinutes(b.start));
  for (let index = 1; index < sorted.length; index++) {
    if (clockMinutes(sorted[index]!.start) < clockMinutes(sorted[index - 1]!.end))
      throw new DomainRangeError('Le fasce orarie non possono sovrapporsi.');
  }
};

const sortedWindows = (windows: readonly TimeWindow[]): TimeWindow[] =>
  [...windows].sort((a, b) => clockMinutes(a.start) - clockMinutes(b.start)).map((window) => ({ ...window }));

/** 29 February is a valid yearly holiday; 30 February and 31 April are not. */
const assertMonthDay = (month: number, day: number): void => {
  const daysInMonth = new Date(Date.UTC(2024, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw new DomainRangeError(`Il ${day}/${month} non esiste.`);
};

const daysBetween = (from: string, to: string): number => {
  const start = parseDay(from);
  const end = parseDay(to);
  return Math.round((Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / 86_400_000);
};

/**
 * The calendar after one edit, or a `DomainRangeError` saying in Italian why the edit is refused.
 * The result always still opens somewhere: a calendar that never opens would leave every
 * customer without an answer and the desk status without a next opening.
 */
export const applyCalendarEdit = (calendar: SupportCalendar, edit: CalendarEdit): SupportCalendar => {
  switch (edit.kind) {
    case 'addClosure': {
      if (edit.to < edit.from) throw new DomainRangeError('La chiusura deve terminare nello stesso giorno o dopo il suo inizio.');
      if (daysBetween(edit.from, edit.to) >= maxClosureDays)
        throw new DomainRangeError(`Una chiusura dura al massimo ${maxClosureDays} giorni: controlla le date.`);
      assertWindows(edit.windows);
      const closure = { id: edit.id, from: edit.from, to: edit.to, name: edit.name, windows: sortedWindows(edit.windows) };
      const others = calendar.closures.filter((item) => item.id !== edit.id);
      const closures = [...others, closure].sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id));
      const next = { ...calendar, closures };
      assertReopens(next, addDays(edit.to, 1));
      return next;
    }
    case 'removeClosure': {
      if (!calendar.closures.some((item) => item.id === edit.id)) throw new DomainRangeError('Chiusura non trovata nel calendario.');
      return { ...calendar, closures: calendar.closures.filter((item) => item.id !== edit.id) };
    }
    case 'setHoliday': {
      assertMonthDay(edit.month, edit.day);
      assertWindows(edit.windows);
      const holiday = { month: edit.month, day: edit.day, name: edit.name, windows: sortedWindows(edit.windows) };
      const others = calendar.holidays.filter((item) => item.month !== edit.month || item.day !== edit.day);
      return { ...calendar, holidays: [...others, holiday].sort((a, b) => a.month - b.month || a.day - b.day) };
    }
    case 'removeHoliday': {
      if (!calendar.holidays.some((item) => item.month === edit.month && item.day === edit.day))
        throw new DomainRangeError(`Nessuna festività il ${edit.day}/${edit.month}.`);
      return { ...calendar, holidays: calendar.holidays.filter((item) => item.month !== edit.month || item.day !== edit.day) };
    }
    case 'setWeekday': {
      assertWindows(edit.windows);
      const next = { ...calendar, weekly: { ...calendar.weekly, [edit.weekday]: sortedWindows(edit.windows) } };
      const regular = weekdayKeys.filter((key) => !next.weekendDays.includes(key));
      if (!regular.some((key) => next.weekly[key].length > 0))
        throw new DomainRangeError('Almeno un giorno feriale deve avere un orario di assistenza.');
      return next;
    }
    case 'setHandlingTarget': {
      if (!Number.isInteger(edit.takeMinutes) || !Number.isInteger(edit.resolveMinutes) || edit.takeMinutes < 1 || edit.resolveMinutes < 1)
        throw new DomainRangeError('Gli obiettivi sono minuti interi, almeno 1.');
      if (edit.resolveMinutes < edit.takeMinutes) throw new DomainRangeError('La risoluzione non può avere un obiettivo più breve della presa in carico.');
      return { ...calendar, handlingTargets: { ...calendar.handlingTargets, [edit.priority]: { takeMinutes: edit.takeMinutes, resolveMinutes: edit.resolveMinutes } } };
    }
  }
};

/** Closures may chain (a summer week after a bridge): after the last one the desk must open again. */
const assertReopens = (calendar: SupportCalendar, day: string): void => {
  try {
    nextSupportOpening(romeWallClockToInstant(day, '00:00'), { calendar });
  } catch {
    throw new DomainRangeError('Con questa modifica l’assistenza non riaprirebbe più: controlla il calendario.');
  }
};

/** Support hours as people write them: "chiuso", or "09:00–13:00, 14:30–18:30". */
export const formatWindows = (windows: readonly TimeWindow[]): string =>
  windows.length === 0 ? 'chiuso' : windows.map((window) => `${window.start}–${window.end}`).join(', ');

/**
 * Support hours typed by a person: empty or "chiuso" for closed, else comma-separated ranges
 * ("9-13, 14:30-18:30" is accepted too). Answers the windows, or an Italian message.
 */
export const parseWindows = (text: string): { ok: true; windows: TimeWindow[] } | { ok: false; message: string } => {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'chiuso') return { ok: true, windows: [] };
  const clock = (value: string): string | null => {
    const match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(value.trim());
    if (!match) return null;
    const hours = Number(match[1]);
    const minutes = Number(match[2] ?? '0');
    if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
    return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  };
  const windows: TimeWindow[] = [];
  for (const part of trimmed.split(/[,;]/)) {
    const [from, to, ...rest] = part.split(/[-–]/);
    const start = from === undefined ? null : clock(from);
    const end = to === undefined ? null : clock(to);
    if (!start || !end || rest.length > 0) return { ok: false, message: `Fascia oraria non valida: «${part.trim()}». Scrivi ad esempio 09:00-13:00, 14:30-18:30 oppure «chiuso».` };
    if (clockMinutes(start) >= clockMinutes(end)) return { ok: false, message: `Nella fascia ${start}–${end} l’inizio deve precedere la fine.` };
    windows.push({ start, end });
  }
  try {
    assertWindows(windows);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  return { ok: true, windows: sortedWindows(windows) };
};

/** One line in Italian for the audit trail and the pending-command list. */
export const describeCalendarEdit = (edit: CalendarEdit): string => {
  const hours = formatWindows;
  switch (edit.kind) {
    case 'addClosure':
      return `Chiusura «${edit.name}» dal ${edit.from} al ${edit.to}: ${hours(edit.windows)}`;
    case 'removeClosure':
      return 'Chiusura eliminata';
    case 'setHoliday':
      return `Festività «${edit.name}» il ${edit.day}/${edit.month}: ${hours(edit.windows)}`;
    case 'removeHoliday':
      return `Festività del ${edit.day}/${edit.month} eliminata`;
    case 'setWeekday':
      return `${weekdayLabels[edit.weekday]}: ${hours(edit.windows)}`;
    case 'setHandlingTarget':
      return `Obiettivi ${edit.priority}: presa in carico entro ${edit.takeMinutes} min, risoluzione entro ${edit.resolveMinutes} min di assistenza`;
  }
};
