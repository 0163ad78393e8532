import { z } from 'zod';
import type { ContractKind } from '../model/enums.ts';
import { fiscalCodeProblem, italianVatNumberProblem, normalizeFiscalCode, normalizeVatNumber, withVatCheckDigit } from './italian-identifiers.ts';
import { cellText, parseDay, parseHoursAsMinutes, parseText, parseWholeNumber, type ImportCell, type Parsed } from './import-values.ts';

/**
 * What the desk brings from its previous systems, one file per kind, columns by header name in
 * any order. The rules are here once: the API's import (command and screen) and the tests use
 * them, the templates are written from them.
 */
export const importKinds = ['clienti', 'contratti', 'dispositivi', 'monte-ore'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindSchema = z.enum(importKinds);

export const importKindLabels = {
  clienti: 'Clienti',
  contratti: 'Contratti di assistenza',
  dispositivi: 'Dispositivi venduti',
  'monte-ore': 'Monte ore (ore gratuite e pacchetti)',
} as const satisfies Record<ImportKind, string>;

export const importColumns = {
  clienti: ['codice', 'ragione_sociale', 'partita_iva', 'codice_fiscale', 'indirizzo', 'cap', 'comune', 'provincia', 'telefono', 'email', 'note'],
  contratti: ['codice_cliente', 'tipo', 'dal', 'al', 'note'],
  dispositivi: ['codice_cliente', 'seriale', 'modello', 'data_acquisto', 'mesi_garanzia'],
  'monte-ore': ['codice_cliente', 'tipo', 'ore', 'acquistato_il', 'scade_il', 'riferimento'],
} as const satisfies Record<ImportKind, readonly string[]>;

const requiredColumns = {
  clienti: ['codice', 'ragione_sociale'],
  contratti: ['codice_cliente', 'tipo', 'dal'],
  dispositivi: ['codice_cliente', 'seriale', 'modello', 'data_acquisto', 'mesi_garanzia'],
  'monte-ore': ['codice_cliente', 'tipo', 'ore', 'riferimento'],
} as const satisfies { [K in ImportKind]: ReadonlyArray<(typeof importColumns)[K][number]> };

export type CustomerImportRecord = {
  line: number;
  code: string;
  name: string;
  vatNumber: string | null;
  fiscalCode: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  province: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
};
export type ContractImportRecord = { line: number; customerCode: string; kind: ContractKind; validFrom: string; validTo: string | null; notes: string | null };
export type DeviceImportRecord = { line: number; customerCode: string; serial: string; model: string; purchaseDate: string; warrantyMonths: number };
export type HourBalanceImportRecord = {
  line: number;
  customerCode: string;
  kind: 'free' | 'package';
  minutes: number;
  purchasedOn: string | null;
  expiresOn: string | null;
  reference: string;
};
export type ImportRecord = {
  clienti: CustomerImportRecord;
  contratti: ContractImportRecord;
  dispositivi: DeviceImportRecord;
  'monte-ore': HourBalanceImportRecord;
};

/** A refused cell, as `riga N, colonna X: motivo` (the line as the spreadsheet numbers it, the header is 1). */
export type ImportProblem = { line: number; column: string; reason: string };
export const describeImportProblem = (problem: ImportProblem): string => `riga ${problem.line}, colonna ${problem.column}: ${problem.reason}`;

export type ImportTableRow = { line: number; cells: readonly ImportCell[] };

/** `Ragione Sociale`, `RAGIONE-SOCIALE` and `ragione_sociale` are the same column. */
export const normalizeHeader = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

type RowReader = {
  cell: (column: string) => ImportCell;
  take: <T>(column: string, parsed: Parsed<T>) => T | undefined;
  require: <T>(column: string, value: T | null | undefined) => T | undefined;
  refuse: (column: string, reason: string) => void;
};

const emailSchema = z.email();

const parseEmail = (cell: ImportCell): Parsed<string | null> => {
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  return emailSchema.safeParse(text).success && text.length <= 200 ? { ok: true, value: text.toLowerCase() } : { ok: false, reason: `«${text}» non è un indirizzo e-mail` };
};

const parseVatNumber = (cell: ImportCell): Parsed<string | null> => {
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  const vatNumber = normalizeVatNumber(text);
  const problem = italianVatNumberProblem(vatNumber);
  return problem ? { ok: false, reason: problem } : { ok: true, value: vatNumber };
};

const parseFiscalCode = (cell: ImportCell): Parsed<string | null> => {
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  // A company's fiscal code is its 11 digits: a spreadsheet may have dropped the leading zeros.
  const fiscalCode = /^\d{1,11}$/.test(text) ? text.padStart(11, '0') : normalizeFiscalCode(text);
  const problem = fiscalCodeProblem(fiscalCode);
  return problem ? { ok: false, reason: problem } : { ok: true, value: fiscalCode };
};

const parsePostalCode = (cell: ImportCell): Parsed<string | null> => {
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  const postalCode = /^\d{1,5}$/.test(text) ? text.padStart(5, '0') : text;
  return /^\d{5}$/.test(postalCode) ? { ok: true, value: postalCode } : { ok: false, reason: `«${text}» non è un CAP (5 cifre)` };
};

const parseProvince = (cell: ImportCell): Parsed<string | null> => {
  const text = cellText(cell).toUpperCase();
  if (text === '') return { ok: true, value: null };
  return /^[A-Z]{2}$/.test(text) ? { ok: true, value: text } : { ok: false, reason: `«${cellText(cell)}» non è una sigla di provincia (due lettere, es. VR)` };
};

const parseContractKind = (cell: ImportCell): Parsed<ContractKind | null> => {
  const text = cellText(cell).toLowerCase().replace(/[\s_-]/g, '');
  if (text === '') return { ok: true, value: null };
  if (text === 'standard') return { ok: true, value: 'standard' };
  if (text === 'jsystem') return { ok: true, value: 'extended' };
  return { ok: false, reason: `«${cellText(cell)}» non è un tipo di contratto: scrivi standard o j-system` };
};

const parseBalanceKind = (cell: ImportCell): Parsed<'free' | 'package' | null> => {
  const text = cellText(cell).toLowerCase();
  if (text === '') return { ok: true, value: null };
  if (text === 'gratuite') return { ok: true, value: 'free' };
  if (text === 'pacchetto') return { ok: true, value: 'package' };
  return { ok: false, reason: `«${cellText(cell)}» non è un tipo di monte ore: scrivi gratuite o pacchetto` };
};

const readers: { [K in ImportKind]: (row: RowReader, line: number) => ImportRecord[K] | undefined } = {
  clienti(row, line) {
    const code = row.require('codice', row.take('codice', parseText(row.cell('codice'), 20)));
    const name = row.require('ragione_sociale', row.take('ragione_sociale', parseText(row.cell('ragione_sociale'), 200)));
    const vatNumber = row.take('partita_iva', parseVatNumber(row.cell('partita_iva')));
    const fiscalCode = row.take('codice_fiscale', parseFiscalCode(row.cell('codice_fiscale')));
    if (vatNumber === null && fiscalCode === null) row.refuse('partita_iva', 'serve la partita IVA o il codice fiscale');
    const address = row.take('indirizzo', parseText(row.cell('indirizzo'), 200));
    const postalCode = row.take('cap', parsePostalCode(row.cell('cap')));
    const city = row.take('comune', parseText(row.cell('comune'), 100));
    const province = row.take('provincia', parseProvince(row.cell('provincia')));
    const phone = row.take('telefono', parseText(row.cell('telefono'), 40));
    const email = row.take('email', parseEmail(row.cell('email')));
    const notes = row.take('note', parseText(row.cell('note'), 2000));
    if (code === undefined || name === undefined || vatNumber === undefined || fiscalCode === undefined || address === undefined || postalCode === undefined) return undefined;
    if (city === undefined || province === undefined || phone === undefined || email === undefined || notes === undefined) return undefined;
    return { line, code, name, vatNumber, fiscalCode, address, postalCode, city, province, phone, email, notes };
  },
  contratti(row, line) {
    const customerCode = row.require('codice_cliente', row.take('codice_cliente', parseText(row.cell('codice_cliente'), 20)));
    const kind = row.require('tipo', row.take('tipo', parseContractKind(row.cell('tipo'))));
    const validFrom = row.require('dal', row.take('dal', parseDay(row.cell('dal'))));
    const validTo = row.take('al', parseDay(row.cell('al')));
    const notes = row.take('note', parseText(row.cell('note'), 2000));
    if (validFrom && validTo && validTo < validFrom) row.refuse('al', 'il contratto termina prima della sua decorrenza');
    if (customerCode === undefined || kind === undefined || validFrom === undefined || validTo === undefined || notes === undefined) return undefined;
    if (validTo !== null && validTo < validFrom) return undefined;
    return { line, customerCode, kind, validFrom, validTo, notes };
  },
  dispositivi(row, line) {
    const customerCode = row.require('codice_cliente', row.take('codice_cliente', parseText(row.cell('codice_cliente'), 20)));
    const serial = row.require('seriale', row.take('seriale', parseText(row.cell('seriale'), 60)));
    const model = row.require('modello', row.take('modello', parseText(row.cell('modello'), 120)));
    const purchaseDate = row.require('data_acquisto', row.take('data_acquisto', parseDay(row.cell('data_acquisto'))));
    const warrantyMonths = row.require('mesi_garanzia', row.take('mesi_garanzia', parseWholeNumber(row.cell('mesi_garanzia'), 12, 36)));
    if (customerCode === undefined || serial === undefined || model === undefined || purchaseDate === undefined || warrantyMonths === undefined) return undefined;
    return { line, customerCode, serial: serial.toUpperCase(), model, purchaseDate, warrantyMonths };
  },
  'monte-ore'(row, line) {
    const customerCode = row.require('codice_cliente', row.take('codice_cliente', parseText(row.cell('codice_cliente'), 20)));
    const kind = row.require('tipo', row.take('tipo', parseBalanceKind(row.cell('tipo'))));
    const minutes = row.require('ore', row.take('ore', parseHoursAsMinutes(row.cell('ore'))));
    const purchasedOn = row.take('acquistato_il', parseDay(row.cell('acquistato_il')));
    const expiresOn = row.take('scade_il', parseDay(row.cell('scade_il')));
    const reference = row.require('riferimento', row.take('riferimento', parseText(row.cell('riferimento'), 60)));
    if (kind === 'package' && purchasedOn === null) row.refuse('acquistato_il', 'un pacchetto ha una data di acquisto');
    if (purchasedOn && expiresOn && expiresOn < purchasedOn) row.refuse('scade_il', 'la scadenza viene prima dell’acquisto');
    if (customerCode === undefined || kind === undefined || minutes === undefined || purchasedOn === undefined || expiresOn === undefined || reference === undefined) return undefined;
    if ((kind === 'package' && purchasedOn === null) || (purchasedOn && expiresOn && expiresOn < purchasedOn)) return undefined;
    return { line, customerCode, kind, minutes, purchasedOn, expiresOn, reference };
  },
};

/** What makes two rows of a file the same thing (a second one is refused: which would win?). */
export const importRecordKey: { [K in ImportKind]: (record: ImportRecord[K]) => { column: string; key: string } } = {
  clienti: (record) => ({ column: 'codice', key: record.code.toUpperCase() }),
  contratti: (record) => ({ column: 'dal', key: `${record.customerCode.toUpperCase()}|${record.kind}|${record.validFrom}` }),
  dispositivi: (record) => ({ column: 'seriale', key: record.serial }),
  'monte-ore': (record) => ({ column: 'riferimento', key: `${record.customerCode.toUpperCase()}|${record.reference}` }),
};

/** `headerRefused`: the header itself is wrong (a required column missing), so every row is refused. */
export type ImportTable<K extends ImportKind> = { records: Array<ImportRecord[K]>; problems: ImportProblem[]; ignoredColumns: string[]; rowCount: number; headerLine: number; headerRefused: boolean };

/** Reads a file's rows (the first is the header) into records, with every problem a row has. */
export const readImportTable = <K extends ImportKind>(kind: K, rows: readonly ImportTableRow[]): ImportTable<K> => {
  const [header, ...body] = rows;
  const problems: ImportProblem[] = [];
  if (!header) return { records: [], problems: [{ line: 1, column: '—', reason: 'il file è vuoto' }], ignoredColumns: [], rowCount: 0, headerLine: 1, headerRefused: true };
  const known: readonly string[] = importColumns[kind];
  const positions = new Map<string, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, index) => {
    const name = normalizeHeader(cellText(cell));
    if (name === '') return;
    if (!known.includes(name)) ignoredColumns.push(cellText(cell));
    else if (positions.has(name)) problems.push({ line: header.line, column: name, reason: 'la colonna compare due volte' });
    else positions.set(name, index);
  });
  for (const column of requiredColumns[kind] as readonly string[])
    if (!positions.has(column)) problems.push({ line: header.line, column, reason: `colonna mancante (le colonne di ${importKindLabels[kind].toLowerCase()} sono: ${known.join(', ')})` });
  if (problems.length > 0) return { records: [], problems, ignoredColumns, rowCount: body.length, headerLine: header.line, headerRefused: true };

  const records: Array<ImportRecord[K]> = [];
  const firstLineByKey = new Map<string, number>();
  const keyOf = importRecordKey[kind] as (record: ImportRecord[K]) => { column: string; key: string };
  const read = readers[kind] as (row: RowReader, line: number) => ImportRecord[K] | undefined;
  for (const row of body) {
    const before = problems.length;
    const reader: RowReader = {
      cell: (column) => {
        const index = positions.get(column);
        return index === undefined ? null : row.cells[index];
      },
      take: (column, parsed) => {
        if (parsed.ok) return parsed.value;
        problems.push({ line: row.line, column, reason: parsed.reason });
        return undefined;
      },
      require: (column, value) => {
        if (value === null) problems.push({ line: row.line, column, reason: 'obbligatoria, è vuota' });
        return value ?? undefined;
      },
      refuse: (column, reason) => void problems.push({ line: row.line, column, reason }),
    };
    const record = read(reader, row.line);
    if (!record || problems.length > before) continue;
    const { column, key } = keyOf(record);
    const first = firstLineByKey.get(key);
    if (first !== undefined) problems.push({ line: row.line, column, reason: `ripete la riga ${first}` });
    else {
      firstLineByKey.set(key, row.line);
      records.push(record);
    }
  }
  return { records, problems, ignoredColumns, rowCount: body.length, headerLine: header.line, headerRefused: false };
};

const templateExamples = {
  clienti: [['C0001', 'Rossi Impianti S.r.l.', withVatCheckDigit('0123456789'), '', 'Via Roma 1', '37100', 'Verona', 'VR', '045 123456', 'amministrazione@rossi.example', 'Cliente dal 2019']],
  contratti: [
    ['C0001', 'standard', '01/01/2026', '', 'Contratto quadro'],
    ['C0001', 'j-system', '01/01/2026', '31/12/2026', 'Offerta 118/2025'],
  ],
  dispositivi: [['C0001', 'SN-0001-XYZ', 'Server Tower T150', '15/03/2025', '36']],
  'monte-ore': [
    ['C0001', 'gratuite', '4', '', '', 'GRAT-2026'],
    ['C0001', 'pacchetto', '10', '10/01/2026', '09/01/2027', 'PK-2026-001'],
  ],
} satisfies Record<ImportKind, string[][]>;

const csvField = (value: string): string => (/[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The file to fill in: the columns in order and an example, as Excel on Italian Windows writes CSV (`;`, CRLF, BOM). */
export const importTemplateCsv = (kind: ImportKind): string =>
  `\uFEFF${[importColumns[kind] as readonly string[], ...templateExamples[kind]].map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;

export const importTemplateFileName = (kind: ImportKind): string => `modello-${kind}.csv`;
