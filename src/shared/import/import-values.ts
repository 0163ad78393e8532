import { hasForbiddenCharacters } from '../input-text.ts';

/** A cell as a CSV gives it (text) or as a spreadsheet does (numbers, dates, booleans). */
export type ImportCell = string | number | boolean | Date | null | undefined;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = (reason: string): Parsed<never> => ({ ok: false, reason });

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** The cell as trimmed text ('' when empty); a spreadsheet's whole number loses no digits. */
export const cellText = (cell: ImportCell): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())}`;
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell).replace('.', ',');
  return String(cell).trim();
};

/** Free text: at most `max` characters, no control characters; '' becomes null. */
export const parseText = (cell: ImportCell, max: number): Parsed<string | null> => {
  const raw = cellText(cell);
  // Runs of spaces, tabs and line breaks become one space (tested first: most cells have none).
  const text = /\s\s|[\t\n\r\u00a0]/.test(raw) ? raw.replace(/\s+/g, ' ') : raw;
  if (text === '') return ok(null);
  if (hasForbiddenCharacters(text)) return refused('il testo contiene caratteri non ammessi');
  if (text.length > max) return refused(`al massimo ${max} caratteri (ne ha ${text.length})`);
  return ok(text);
};

const realDay = (year: number, month: number, day: number): string | null => {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
};

/**
 * A calendar day written `gg/mm/aaaa` (also `g/m/aaaa`, with `-` or `.`) or `aaaa-mm-gg`, a
 * spreadsheet's date cell, or a spreadsheet's day number (a date cell formatted as a number).
 */
export const parseDay = (cell: ImportCell): Parsed<string | null> => {
  if (cell instanceof Date) {
    const day = Number.isNaN(cell.getTime()) ? null : realDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return day ? ok(day) : refused('data non valida');
  }
  if (typeof cell === 'number') {
    // Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
    if (!Number.isInteger(cell) || cell < 1 || cell > 120_000) return refused('data non valida');
    const date = new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000);
    const day = realDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    return day ? ok(day) : refused('data non valida');
  }
  const text = cellText(cell);
  if (text === '') return ok(null);
  const italian = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = italian ? realDay(Number(italian[3]), Number(italian[2]), Number(italian[1])) : iso ? realDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) : undefined;
  if (day === undefined) return refused(`«${text}» non è una data: scrivila gg/mm/aaaa`);
  if (day === null) return refused(`«${text}» non è una data esistente`);
  return ok(day);
};

/** Hours with a decimal comma (`1,5`) or a spreadsheet number, as whole minutes. */
export const parseHoursAsMinutes = (cell: ImportCell): Parsed<number | null> => {
  let hours: number;
  if (typeof cell === 'number') hours = cell;
  else {
    const text = cellText(cell).replace(/\s/g, '');
    if (text === '') return ok(null);
    if (!/^\d{1,6}([,.]\d{1,4})?$/.test(text)) return refused(`«${text}» non è un numero di ore (usa la virgola per i decimali: 1,5)`);
    hours = Number(text.replace(',', '.'));
  }
  const minutes = Math.round(hours * 60);
  if (!Number.isFinite(hours) || hours <= 0) return refused('le ore devono essere più di zero');
  if (Math.abs(minutes - hours * 60) > 1e-6) return refused('le ore devono corrispondere a minuti interi (per esempio 1,5 = 90 minuti)');
  return ok(minutes);
};

/** A whole number between `min` and `max`. */
export const parseWholeNumber = (cell: ImportCell, min: number, max: number): Parsed<number | null> => {
  const text = cellText(cell);
  if (text === '') return ok(null);
  if (!/^\d+$/.test(text)) return refused(`«${text}» non è un numero intero`);
  const value = Number(text);
  if (value < min || value > max) return refused(`deve essere tra ${min} e ${max}`);
  return ok(value);
};
