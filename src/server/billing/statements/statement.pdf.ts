import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { formatDay, formatEuroCents, formatMinutes, formatValidUntil } from '../../../shared/format.ts';
import { romeDay, type BillingPolicy } from '../../../shared/domain/index.ts';
import { billingMonthLabel, type CustomerStatement } from '../../../shared/reports/statement.ts';

type Column = { title: string; width: number; align: 'left' | 'right' };
const columns: Column[] = [
  { title: 'Data', width: 62, align: 'left' },
  { title: 'Ticket', width: 66, align: 'left' },
  { title: 'Attività', width: 140, align: 'left' },
  { title: 'A consuntivo', width: 62, align: 'right' },
  { title: 'Imponibile', width: 57, align: 'right' },
  { title: 'IVA', width: 50, align: 'right' },
  { title: 'Totale', width: 58, align: 'right' },
];

/**
 * DejaVu Sans, embedded: every glyph the statement prints is in it (the minus sign of an
 * adjustment, the euro sign, Italian letters, a customer's name in any script). PDFKit's built-in
 * fonts speak WinAnsi only and printed `"30 min` for `−30 min`.
 */
const fontFolder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const regular = join(fontFolder, 'DejaVuSans.ttf');
const bold = join(fontFolder, 'DejaVuSans-Bold.ttf');
// The table's narrow columns take the condensed cut (as wide as the built-in Helvetica was).
const tableRegular = join(fontFolder, 'DejaVuSansCondensed.ttf');
const tableBold = join(fontFolder, 'DejaVuSansCondensed-Bold.ttf');

/** A plain space in amounts: text extracted from the PDF reads back as typed (no no-break spaces). */
const money = (cents: number) => formatEuroCents(cents).replaceAll('\u00a0', ' ');

/**
 * One customer's monthly statement "a consuntivo" as a PDF (pdfkit): the invoiced work, adjustments
 * marked, the hours drawn from the free allowance and each package, the totals with VAT.
 */
export const statementPdf = (input: { month: string; closed: boolean; statement: CustomerStatement; policy: BillingPolicy; issuedAt: Date }): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const { statement } = input;
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Rendiconto ${input.month} ${statement.customer.code}`, Author: 'Presidio' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const left = doc.page.margins.left;
    const bottom = () => doc.page.height - doc.page.margins.bottom;
    doc.font(bold).fontSize(16).text(`Rendiconto a consuntivo · ${billingMonthLabel(input.month)}`);
    doc.moveDown(0.3).font(regular).fontSize(10).fillColor('#52606d');
    doc.text(input.closed ? 'Mese chiuso: importi definitivi.' : 'Mese in corso: rendiconto provvisorio.');
    doc.text(`Emesso il ${formatDay(romeDay(input.issuedAt))}.`);
    doc.moveDown(0.8).fillColor('#1f2933').fontSize(11).font(bold).text(statement.customer.name);
    doc.font(regular).fontSize(10).text(`Codice cliente ${statement.customer.code}${statement.customer.vatNumber ? ` · P. IVA ${statement.customer.vatNumber}` : ''}`);
    doc.moveDown(1);

    const row = (cells: string[], heading = false) => {
      doc.font(heading ? tableBold : tableRegular).fontSize(8.5);
      const heights = cells.map((cell, index) => doc.heightOfString(cell, { width: columns[index]!.width - 6 }));
      const height = Math.max(...heights) + 6;
      if (doc.y + height > bottom()) {
        doc.addPage();
        if (!heading) row(columns.map((column) => column.title), true);
      }
      const top = doc.y;
      let x = left;
      cells.forEach((cell, index) => {
        const column = columns[index]!;
        doc.text(cell, x + 3, top + 3, { width: column.width - 6, align: column.align });
        x += column.width;
      });
      doc.moveTo(left, top + height).lineTo(x, top + height).strokeColor('#cbd2d9').lineWidth(0.5).stroke();
      doc.x = left;
      doc.y = top + height;
    };

    doc.font(bold).fontSize(11).text('Voci da fatturare: interventi a consuntivo, ricambi, trasporti, pacchetti');
    doc.moveDown(0.4);
    if (statement.lines.length === 0) {
      doc.font(regular).fontSize(10).text('Nessuna voce da fatturare in questo mese.');
    } else {
      row(columns.map((column) => column.title), true);
      for (const line of statement.lines)
        row([
          formatDay(romeDay(line.workAt)).replace(/ (\d{4})$/, '\n$1'),
          line.ticketNumber ?? '—',
          [line.activity, line.description, line.adjustment ? '(rettifica di un mese precedente)' : null].filter(Boolean).join(': ').replace(': (', ' ('),
          line.kind === 'work' ? formatMinutes(line.invoicedMinutes) : '—',
          money(line.netCents),
          money(line.vatCents),
          money(line.grossCents),
        ]);
      row(['', '', 'Totale', formatMinutes(statement.totals.invoicedMinutes), money(statement.totals.netCents), money(statement.totals.vatCents), money(statement.totals.grossCents)], true);
    }

    doc.moveDown(1).x = left;
    doc.font(bold).fontSize(11).text('Ore utilizzate dal monte ore nel mese');
    doc.moveDown(0.3).font(regular).fontSize(10);
    doc.text(`Ore gratuite: ${formatMinutes(statement.draws.freeMinutes)}`);
    for (const item of statement.draws.packages)
      doc.text(`Pacchetto del ${formatDay(item.purchasedOn)}${item.expiresOn ? ` (valido ${formatValidUntil(item.expiresOn)})` : ''}: ${formatMinutes(item.minutes)}`);
    if (statement.draws.packages.length === 0) doc.text('Pacchetti di ore: nessun utilizzo.');

    doc.moveDown(1.2).fontSize(8.5).fillColor('#52606d');
    doc.text(
      `Tariffa ${money(input.policy.hourlyRateCents)} + IVA all’ora, minimo ${formatMinutes(input.policy.minimumMinutes)} e poi frazioni di ${formatMinutes(input.policy.incrementMinutes)}; IVA ${input.policy.vatRateBasisPoints / 100}%. ` +
        'I ricambi sono a pagamento fuori garanzia; il trasporto tra cliente e fornitore è sempre a pagamento. ' +
        'Le correzioni di interventi di mesi già chiusi compaiono come rettifiche nel mese in cui sono fatte.',
    );
    // A statement of work, not an invoice: the invoice follows from the accounting system.
    doc.moveDown(0.6).font(bold).fontSize(9).fillColor('#1f2933').text('Documento non fiscale: la fattura sarà emessa separatamente.');
    doc.end();
  });
