import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

const november = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 1, minute)).toISOString();
const after = (instant: string, minutes: number) => new Date(Date.parse(instant) + minutes * 60_000).toISOString();

describe.each(engineNames)('monthly statements (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = new Date('2026-11-27T17:00:00.000Z');
  const other = newId();
  const work: Record<string, { id: string; segmentId: string; startedAt: string }> = {};
  const statuses = (answer: Awaited<ReturnType<TestServer['call']>>) => (answer.body.value.results as Array<{ status: string }>).map((result) => result.status);
  const download = async (path: string, token = lead.token) => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const intervention = (name: string, ticketId: string, startedAt: string, minutes: number) => {
    const id = newId();
    const segmentId = newId();
    work[name] = { id, segmentId, startedAt };
    return [
      anna.command('intervention.start', { id, ticketId, segmentId, mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt }),
      anna.command('intervention.stop', { interventionId: id, at: after(startedAt, minutes) }),
    ];
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    const [first, second] = [newId(), newId()];
    expect(
      statuses(
        await lead.push([
          lead.command('customer.create', { id: other, code: 'C2', name: 'Studio Bianchi; Associati', vatNumber: '01234567890', email: null, phone: '0341 000', city: null }),
          lead.command('hourBank.grant', { customerId: server.customerId, minutes: 60, reason: 'Ore gratuite' }),
        ]),
      ),
    ).toEqual(['applied', 'applied']);
    const answer = await anna.push([
      anna.command('ticket.create', { id: first, number: 'ST-1', customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority: 'P3', blocking: false, openedAt: november(23, 9) }),
      anna.command('ticket.create', { id: second, number: 'ST-2', customerId: other, channel: 'phone', subject: 'Stampa', description: '', priority: 'P3', blocking: false, openedAt: november(23, 9) }),
      // 90 minutes: 60 from the free hours, 30 invoiced (40,00 € + 8,80 €).
      ...intervention('a', first, november(23, 9), 90),
      // 45 minutes: one hour minimum, all invoiced (80,00 € + 17,60 €).
      ...intervention('b', first, november(24, 10), 45),
      // Thirteen hours in one go: flagged for a lead, not billed until approved.
      ...intervention('long', first, november(25, 8), 13 * 60),
      ...intervention('c', second, november(26, 11), 60),
    ]);
    expect(statuses(answer).every((status) => status === 'applied')).toBe(true);
  });
  afterAll(async () => server.stop());

  let novemberCsv: Buffer;

  it('states the month per customer: invoiced work, hours drawn, totals; and exports it as one CSV for the accounting system', async () => {
    const json = await server.call('GET', '/reports/statements/2026-11', undefined, lead.token);
    expect(json.body.ok).toBe(true);
    const month = json.body.value;
    expect(month).toMatchObject({ month: '2026-11', closed: false });
    expect(month.statements.map((statement: { customer: { code: string } }) => statement.customer.code)).toEqual(['C1', 'C2']);
    const [rossi, bianchi] = month.statements;
    expect(rossi.lines.map((line: Record<string, unknown>) => [line.ticketNumber, line.invoicedMinutes, line.netCents, line.vatCents, line.grossCents, line.adjustment])).toEqual([
      ['ST-1', 30, 4000, 880, 4880, false],
      ['ST-1', 60, 8000, 1760, 9760, false],
    ]);
    expect(rossi.draws).toEqual({ freeMinutes: 60, packages: [] });
    expect(rossi.totals).toEqual({ invoicedMinutes: 90, netCents: 12000, vatCents: 2640, grossCents: 14640 });
    expect(bianchi.totals).toEqual({ invoicedMinutes: 60, netCents: 8000, vatCents: 1760, grossCents: 9760 });

    const csv = await download('/reports/statements/2026-11.csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toContain('rendiconto-2026-11.csv');
    novemberCsv = csv.bytes;
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('Mese;Codice cliente;Cliente;Partita IVA;Data intervento;Ticket;Attività;Voce;Descrizione;Tipo;Minuti fatturati;Minuti a consuntivo;Imponibile;IVA;Totale');
    expect(rows.slice(1)).toEqual([
      '2026-11;C1;Ferramenta Rossi;;23/11/2026;ST-1;Assistenza e formazione da remoto sull’uso del software;Assistenza;;Intervento;90;30;40,00;8,80;48,80',
      '2026-11;C1;Ferramenta Rossi;;24/11/2026;ST-1;Assistenza e formazione da remoto sull’uso del software;Assistenza;;Intervento;60;60;80,00;17,60;97,60',
      '2026-11;C2;"Studio Bianchi; Associati";01234567890;26/11/2026;ST-2;Assistenza e formazione da remoto sull’uso del software;Assistenza;;Intervento;60;60;80,00;17,60;97,60',
    ]);
  });

  it('a closed month answers the same figures; work approved or corrected later appears in the month it was, as an adjustment when already stated', async () => {
    now = new Date('2026-12-02T10:00:00.000Z');
    const answer = await lead.push([
      lead.command('intervention.approve', { interventionId: work['long']!.id }),
      // B was 45 minutes; it really took 95: 120 billed instead of 60.
      lead.command('intervention.adjustSegment', { interventionId: work['b']!.id, segmentId: work['b']!.segmentId, startedAt: work['b']!.startedAt, endedAt: after(work['b']!.startedAt, 95), reason: 'Orario corretto dal cliente' }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied']);
    const again = await download('/reports/statements/2026-11.csv');
    expect(again.bytes.equals(novemberCsv)).toBe(true);
    const closed = await server.call('GET', '/reports/statements/2026-11', undefined, lead.token);
    expect(closed.body.value.closed).toBe(true);

    const december = (await server.call('GET', '/reports/statements/2026-12', undefined, lead.token)).body.value;
    const rossi = december.statements.find((statement: { customer: { code: string } }) => statement.customer.code === 'C1');
    expect(rossi.lines.map((line: Record<string, unknown>) => [line.workAt, line.invoicedMinutes, line.netCents, line.adjustment])).toEqual([
      [work['b']!.startedAt, 60, 8000, true],
      [work['long']!.startedAt, 780, 104000, false],
    ]);
    expect(rossi.draws).toEqual({ freeMinutes: 0, packages: [] });
  });

  it('renders one customer’s statement as a PDF (looked at as PNG), and only for leads', async () => {
    const pdf = await download('/reports/statements/2026-11/C1.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const folder = join('test-results', 'statements');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `rendiconto-2026-11-C1-${engine}.pdf`);
    writeFileSync(file, pdf.bytes);
    // The text layer carries the figures; the PNG is for a person to look at.
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Rendiconto a consuntivo · novembre 2026');
    expect(text).toContain('Ferramenta Rossi');
    expect(text).toMatch(/Totale\s+1 h 30 min\s+120,00 €\s+26,40 €\s+146,40 €/);
    expect(text).toContain('Ore gratuite: 1 h');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, file.replace(/\.pdf$/, '')]);
    expect(statSync(file.replace(/\.pdf$/, '.png')).size).toBeGreaterThan(5_000);

    expect((await download('/reports/statements/2026-11/C1.pdf', anna.token)).status).toBe(403);
    expect((await download('/reports/statements/2026-11.csv', anna.token)).status).toBe(403);
    expect((await server.call('GET', '/reports/statements/2026-13', undefined, lead.token)).body.error?.message).toContain('Mese non valido');
    expect((await download('/reports/statements/2026-11/NESSUNO.pdf')).status).toBe(404);
  });
});
