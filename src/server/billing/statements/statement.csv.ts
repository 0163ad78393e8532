import { stringify } from 'csv-stringify/sync';
import { romeDay } from '../../../shared/domain/index.ts';
import { statementLineKindLabels, type MonthStatements } from '../../../shared/reports/statement.ts';

/** Italian spreadsheet conventions: decimal comma, no thousands separator. */
const euros = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const italianDate = (instant: string): string => {
  const [year, month, day] = romeDay(instant).split('-');
  return `${day}/${month}/${year}`;
};

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)` sends the row away) starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return: it is written with a leading apostrophe,
 * which Excel and LibreOffice show as text. Quoting alone does not stop it. Amounts are ours and
 * stay numbers (a negative adjustment keeps its minus sign).
 */
export const spreadsheetText = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export const statementCsvColumns = [
  'Mese',
  'Codice cliente',
  'Cliente',
  'Partita IVA',
  'Data intervento',
  'Ticket',
  'Attività',
  'Voce',
  'Descrizione',
  'Tipo',
  'Minuti fatturati',
  'Minuti a consuntivo',
  'Imponibile',
  'IVA',
  'Totale',
] as const;

/**
 * The month's invoice lines for the accounting system: one row per line, every customer, in the
 * form Italian Excel opens directly (`;` separator, decimal comma, UTF-8 with BOM, CRLF).
 */
export const statementCsv = (month: MonthStatements): string =>
  stringify(
    month.statements.flatMap((statement) =>
      statement.lines.map((line) => [
        ...[
          month.month,
          statement.customer.code,
          statement.customer.name,
          statement.customer.vatNumber ?? '',
          italianDate(line.workAt),
          line.ticketNumber ?? '',
          line.activity,
          statementLineKindLabels[line.kind],
          line.description ?? '',
          line.adjustment ? 'Rettifica' : line.kind === 'work' ? 'Intervento' : 'Addebito',
        ].map(spreadsheetText),
        String(line.billedMinutes),
        String(line.invoicedMinutes),
        euros(line.netCents),
        euros(line.vatCents),
        euros(line.grossCents),
      ]),
    ),
    { header: true, columns: [...statementCsvColumns], delimiter: ';', bom: true, record_delimiter: 'windows' },
  );
