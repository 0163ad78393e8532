import { deflateSync } from 'node:zlib';
import { workReportPdf } from '../src/documents/work-report.pdf.ts';
import { newId } from '../src/shared/ids.ts';
import { provisionalNotice, workReportHash, type WorkReport, type WorkReportContent, type WorkReportSignature } from '../src/shared/work-report/work-report.ts';

/** A signature pad's PNG (500×200, grey on white), the size a real one has: what the PDF embeds each time. */
const padPng = (): string => {
  const width = 500;
  const height = 200;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grey
  const rows = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) if (Math.abs(y - 100 - 60 * Math.sin(x / 40)) < 2) rows[y * (width + 1) + 1 + x] = 30;
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]).toString('base64');
};

/** `work report pdf: N ms`: a signed report of three interventions made into a PDF on the laptop (goal < 300 ms), worst of several. */
export const runWorkReportBench = async (options: { runs: number } = { runs: 10 }) => {
  console.log('\n# work report (pdfkit, DejaVu embedded, the signature as an image)');
  const at = new Date().toISOString();
  const intervention = (index: number) => ({
    id: newId(),
    mode: 'Presso il cliente',
    activity: 'Manutenzione o riparazione dell’hardware',
    segments: [{ startedAt: at, endedAt: at }],
    workedMinutes: 45 + index,
    billedMinutes: 60,
    classification: 'In parte a pagamento: assistenza estesa J-System (oltre i minuti inclusi)',
    reasons: ['J-System: 60 minuti inclusi per intervento.'],
    notes: 'Sostituito l’alimentatore, pulite le ventole, verificato il backup.',
    netCents: 4000,
    vatCents: 880,
    grossCents: 4880,
  });
  const content: WorkReportContent = {
    ticket: { id: newId(), number: 'W-261203-ABC123', subject: 'Il server del negozio non si accende' },
    customer: { code: 'C001', name: 'Ferramenta Rossi S.r.l.', site: 'Via Roma 1, 37100 Verona (VR)', email: 'rossi@example.it' },
    technician: { id: newId(), name: 'Marco Esposito' },
    day: at.slice(0, 10),
    interventions: [0, 1, 2].map(intervention),
    partsUsed: 'Alimentatore ATX 500 W',
    notes: 'Consigliato un gruppo di continuità.',
    nextSteps: 'Controllo tra una settimana.',
    totals: { workedMinutes: 138, billedMinutes: 180, netCents: 12000, vatCents: 2640, grossCents: 14640 },
    provisionalNotice,
    composedAt: at,
  };
  const signature: WorkReportSignature = { kind: 'signed', signerName: 'Mario Rossi', strokes: [[[10, 10], [200, 120]]], imagePng: padPng(), signedAt: at };
  const report: WorkReport = { id: newId(), ticketId: content.ticket.id, version: 1, supersedes: null, content, signature, contentHash: workReportHash(content, signature), createdAt: at, createdBy: content.technician.id };
  await workReportPdf(report); // the fonts are read once per process
  const times: number[] = [];
  let size = 0;
  for (let run = 0; run < options.runs; run++) {
    const started = performance.now();
    size = (await workReportPdf(report)).length;
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`work report pdf: ${Math.round(sorted.at(-1) ?? 0)} ms (worst of ${options.runs}; median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms; ${Math.round(size / 1024)} kB; goal < 300 ms)`);
};
