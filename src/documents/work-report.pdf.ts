import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { formatDateTime, formatDay, formatEuroCents, formatMinutes } from '../shared/format.ts';
import type { WorkReport } from '../shared/work-report/work-report.ts';

/** DejaVu Sans, embedded: every glyph a report prints (€, ’, a customer's name in any script). */
const fontFolder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const regular = join(fontFolder, 'DejaVuSans.ttf');
const bold = join(fontFolder, 'DejaVuSans-Bold.ttf');

const timeOf = (instant: string) => formatDateTime(instant).split(', ').pop() ?? instant;

/**
 * The work report as a PDF: the same document on the technician's laptop (shown to the customer
 * before leaving) and on the API (mailed, on the portal), built from the stored report alone, with
 * the signature's image and the content's SHA-256 printed. The file's metadata carry no date of
 * their own, so the same report gives the same text wherever it is made.
 */
export const workReportPdf = (report: WorkReport): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const { content, signature } = report;
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Rapportino ${content.ticket.number} v${report.version}`, Author: 'Presidio', CreationDate: new Date(report.createdAt) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', regular);
    doc.registerFont('bold', bold);
    const heading = (text: string) => doc.moveDown(0.6).font('bold').fontSize(11).text(text).font('regular').fontSize(9.5);
    const line = (label: string, value: string) => doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);

    doc.font('bold').fontSize(16).text('Rapportino d’intervento');
    doc.font('regular').fontSize(9.5).fillColor('#444').text(`Versione ${report.version}${report.supersedes ? ' (sostituisce la precedente: il lavoro è cambiato dopo la firma)' : ''}`).fillColor('black');
    doc.moveDown(0.5);
    line('Cliente', `${content.customer.name} (${content.customer.code})`);
    line('Sede', content.customer.site ?? 'non indicata');
    line('Richiesta', `${content.ticket.number} · ${content.ticket.subject}`);
    line('Tecnico', content.technician.name);
    line('Data', formatDay(content.day));

    heading('Interventi presso il cliente');
    for (const item of content.interventions) {
      doc.font('bold').text(`${item.activity} · ${item.mode}`);
      doc.font('regular');
      for (const segment of item.segments) doc.text(`dalle ${timeOf(segment.startedAt)} alle ${segment.endedAt ? timeOf(segment.endedAt) : 'in corso'}`, { indent: 12 });
      doc.text(`Tempo lavorato ${formatMinutes(item.workedMinutes)}, tempo fatturato ${formatMinutes(item.billedMinutes)}`, { indent: 12 });
      doc.text(`Classificazione: ${item.classification}${item.reasons.length > 0 ? ` — ${item.reasons.join(' ')}` : ''}`, { indent: 12 });
      if (item.grossCents !== 0) doc.text(`Addebito: ${formatEuroCents(item.netCents)} + IVA ${formatEuroCents(item.vatCents)} = ${formatEuroCents(item.grossCents)}`, { indent: 12 });
      if (item.notes) doc.text(`Attività svolte: ${item.notes}`, { indent: 12 });
      doc.moveDown(0.3);
    }
    heading('Riepilogo');
    line('Tempo lavorato', formatMinutes(content.totals.workedMinutes));
    line('Tempo fatturato', formatMinutes(content.totals.billedMinutes));
    line('Addebito', content.totals.grossCents === 0 ? 'nessuno' : `${formatEuroCents(content.totals.netCents)} + IVA ${formatEuroCents(content.totals.vatCents)} = ${formatEuroCents(content.totals.grossCents)}`);
    if (content.partsUsed) line('Materiali e ricambi', content.partsUsed);
    if (content.notes) line('Note', content.notes);
    if (content.nextSteps) line('Prossimi passi', content.nextSteps);
    doc.moveDown(0.4).fillColor('#444').text(content.provisionalNotice).fillColor('black');

    heading('Firma del cliente');
    if (signature.kind === 'signed') {
      const image = Buffer.from(signature.imagePng, 'base64');
      doc.image(image, { fit: [250, 100] });
      doc.moveDown(0.3);
      line('Firmato da', signature.signerName);
      line('Il', formatDateTime(signature.signedAt));
    } else {
      line('Il cliente non ha firmato', signature.reason);
      line('Registrato il', formatDateTime(signature.recordedAt));
    }
    doc.moveDown(0.8).fontSize(7.5).fillColor('#444').text(`Impronta SHA-256 del contenuto firmato: ${report.contentHash}`);
    doc.end();
  });
