import { describe, expect, it } from 'vitest';
import { parseDelimitedText } from './delimited-text.ts';
import { fiscalCodeProblem, italianVatNumberProblem, normalizeVatNumber, withVatCheckDigit } from './italian-identifiers.ts';
import { describeImportProblem, importColumns, importTemplateCsv, readImportTable } from './import-kinds.ts';
import { parseDay, parseHoursAsMinutes } from './import-values.ts';

const table = (text: string) => parseDelimitedText(text);

describe('CSV as offices write it', () => {
  it('detects ; and , and reads quotes, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
    const semicolon = table('\uFEFFcodice;ragione_sociale\r\nC1;"Rossi; Bianchi ""&"" C."\r\n\r\nC2;"Due\nrighe"\r\n');
    expect(semicolon).toEqual([
      { line: 1, cells: ['codice', 'ragione_sociale'] },
      { line: 2, cells: ['C1', 'Rossi; Bianchi "&" C.'] },
      { line: 4, cells: ['C2', 'Due\nrighe'] },
    ]);
    expect(table('codice,ragione_sociale\nC1,"Verdi, S.p.A."')).toEqual([
      { line: 1, cells: ['codice', 'ragione_sociale'] },
      { line: 2, cells: ['C1', 'Verdi, S.p.A.'] },
    ]);
  });
});

describe('Italian identifiers', () => {
  it('checks a VAT number with its check digit, tolerating IT and dropped leading zeros', () => {
    expect(italianVatNumberProblem('00743110157')).toBeNull();
    expect(italianVatNumberProblem('00743110158')).toMatch(/cifra di controllo/);
    expect(italianVatNumberProblem('1234')).toMatch(/11 cifre/);
    expect(normalizeVatNumber('IT 743110157')).toBe('00743110157');
    expect(italianVatNumberProblem(withVatCheckDigit('0123456789'))).toBeNull();
  });

  it('checks a person’s fiscal code with its check letter', () => {
    expect(fiscalCodeProblem('RSSMRA85T10A562S')).toBeNull();
    expect(fiscalCodeProblem('RSSMRA85T10A562T')).toMatch(/carattere di controllo/);
    expect(fiscalCodeProblem('RSSMRA85')).toMatch(/16 caratteri/);
  });
});

describe('values', () => {
  it('reads days written gg/mm/aaaa or aaaa-mm-gg, date cells and day numbers, and refuses days that do not exist', () => {
    expect(parseDay('05/03/2026')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDay('5.3.2026')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDay('2026-03-05')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDay(new Date(Date.UTC(2026, 2, 5)))).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDay(46086)).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDay('31/02/2026')).toEqual({ ok: false, reason: '«31/02/2026» non è una data esistente' });
    expect(parseDay('03-05-26')).toMatchObject({ ok: false });
  });

  it('reads hours with a decimal comma as whole minutes', () => {
    expect(parseHoursAsMinutes('1,5')).toEqual({ ok: true, value: 90 });
    expect(parseHoursAsMinutes(2.25)).toEqual({ ok: true, value: 135 });
    expect(parseHoursAsMinutes('0,01')).toMatchObject({ ok: false });
    expect(parseHoursAsMinutes('dieci')).toMatchObject({ ok: false });
  });
});

describe('readImportTable', () => {
  it('reads columns by name in any order and any case, and says which columns it ignored', () => {
    const result = readImportTable('clienti', table(`Ragione Sociale;CODICE;Partita IVA;Colore\nRossi S.r.l.;C1;743110157;blu\n`));
    expect(result.problems).toEqual([]);
    expect(result.ignoredColumns).toEqual(['Colore']);
    expect(result.records).toEqual([
      expect.objectContaining({ line: 2, code: 'C1', name: 'Rossi S.r.l.', vatNumber: '00743110157', fiscalCode: null }),
    ]);
  });

  it('lists every problem as riga N, colonna X: reason, duplicates included', () => {
    const result = readImportTable(
      'clienti',
      table(['codice;ragione_sociale;partita_iva;codice_fiscale;cap;email', 'C1;Uno;00743110158;;37100;x', ';Due;;;;', 'C3;Tre;00743110157;;;', 'c3;Tre bis;00743110157;;;'].join('\n')),
    );
    expect(result.problems.map(describeImportProblem)).toEqual([
      'riga 2, colonna partita_iva: partita IVA non valida: la cifra di controllo non corrisponde',
      'riga 2, colonna email: «x» non è un indirizzo e-mail',
      'riga 3, colonna codice: obbligatoria, è vuota',
      'riga 3, colonna partita_iva: serve la partita IVA o il codice fiscale',
      'riga 5, colonna codice: ripete la riga 4',
    ]);
    expect(result.records.map((record) => record.code)).toEqual(['C3']);
  });

  it('refuses a file without a required column', () => {
    const result = readImportTable('dispositivi', table('codice_cliente;seriale\nC1;S1'));
    expect(result.problems.map(describeImportProblem)).toContain(
      'riga 1, colonna modello: colonna mancante (le colonne di dispositivi venduti sono: codice_cliente, seriale, modello, data_acquisto, mesi_garanzia)',
    );
  });

  it('checks contracts, devices and hour balances', () => {
    expect(readImportTable('contratti', table('codice_cliente;tipo;dal;al\nC1;J-System;01/01/2026;\nC1;oro;01/01/2026;31/12/2025')).problems.map(describeImportProblem)).toEqual([
      'riga 3, colonna tipo: «oro» non è un tipo di contratto: scrivi standard o j-system',
      'riga 3, colonna al: il contratto termina prima della sua decorrenza',
    ]);
    expect(readImportTable('dispositivi', table('codice_cliente;seriale;modello;data_acquisto;mesi_garanzia\nC1;s1;NAS;01/02/2026;48')).problems.map(describeImportProblem)).toEqual([
      'riga 2, colonna mesi_garanzia: deve essere tra 12 e 36',
    ]);
    const hours = readImportTable('monte-ore', table('codice_cliente;tipo;ore;acquistato_il;scade_il;riferimento\nC1;pacchetto;10,5;;;PK1\nC1;gratuite;4;;;G1'));
    expect(hours.problems.map(describeImportProblem)).toEqual(['riga 2, colonna acquistato_il: un pacchetto ha una data di acquisto']);
    expect(hours.records).toEqual([{ line: 3, customerCode: 'C1', kind: 'free', minutes: 240, purchasedOn: null, expiresOn: null, reference: 'G1' }]);
  });

  it('writes templates that read back without problems', () => {
    for (const kind of ['clienti', 'contratti', 'dispositivi', 'monte-ore'] as const) {
      const template = importTemplateCsv(kind);
      expect(template.startsWith(`\uFEFF${importColumns[kind].join(';')}\r\n`)).toBe(true);
      const result = readImportTable(kind, table(template));
      expect(result.problems, kind).toEqual([]);
      expect(result.records.length, kind).toBeGreaterThan(0);
    }
  });
});
