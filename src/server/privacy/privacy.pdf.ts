import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { formatDateTime } from '../../shared/format.ts';
import type { PersonalDataExport } from './privacy.service.ts';

const fontFolder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const regular = join(fontFolder, 'DejaVuSans.ttf');
const bold = join(fontFolder, 'DejaVuSans-Bold.ttf');

const shown = (value: unknown): string => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The export as a document a person reads: one section per kind of data, one block per record. */
export const personalDataPdf = (data: PersonalDataExport): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Dati personali · ${data.subject.name}`, Author: 'Presidio' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(bold).fontSize(16).text(`Dati personali conservati · ${data.subject.name}`);
    doc.moveDown(0.3).font(regular).fontSize(9).fillColor('#52606d').text(`Estratto il ${formatDateTime(data.exportedAt)}. Ogni sezione elenca i dati che l’assistenza conserva; i dati contabili sono conservati dieci anni per obbligo di legge.`);
    doc.fillColor('#000000');
    for (const section of data.sections) {
      doc.moveDown(0.8).font(bold).fontSize(12).text(`${section.title} (${section.rows.length})`);
      if (section.rows.length === 0) doc.font(regular).fontSize(9).text('Nessun dato.');
      for (const row of section.rows) {
        doc.moveDown(0.3).font(regular).fontSize(8.5);
        for (const [key, value] of Object.entries(row)) doc.text(`${key}: ${shown(value)}`, { continued: false });
      }
    }
    doc.end();
  });
