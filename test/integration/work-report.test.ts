import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../../src/shared/host-api/dispatch.ts';
import { newId } from '../../src/shared/ids.ts';
import { composeWorkReport, workReportHash, type WorkReportSignature } from '../../src/shared/work-report/work-report.ts';
import { createMailWorker } from '../../src/server/mail/mail-worker.ts';
import { createSmtpTransport } from '../../src/server/mail/mail-transport.ts';
import { defaultBillingPolicy } from '../../src/shared/domain/index.ts';
import { openConsole, type TestConsole } from '../support/console-fixture.ts';
import { engineNames } from '../support/server-engines.ts';
import { startTestServer, type TestServer } from '../support/server-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { startLoopbackProxy } from '../support/loopback-proxy.ts';
import { invitePortalContact, portalBrowser } from '../support/portal-browser.ts';

/** A small PNG the pad would make (1×1): enough for the PDF to carry the signature as an image. */
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** What `pdftotext` and `pdfimages -list` read in a PDF. */
const readPdf = (pdf: Buffer) => {
  const folder = mkdtempSync(join(tmpdir(), 'presidio-pdf-'));
  try {
    const file = join(folder, 'report.pdf');
    writeFileSync(file, pdf);
    // `pdfimages -list` prints two header lines, then one line per image (a PNG's transparency is its own `smask` line).
    const images = execFileSync('pdfimages', ['-list', file]).toString('utf8').trim().split('\n').slice(2).filter((line) => line.trim().split(/\s+/)[2] === 'image');
    return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'), images };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

describe.each(engineNames)('the on-site work report (%s)', (engine) => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let console_: TestConsole;
  let proxy: Awaited<ReturnType<typeof startLoopbackProxy>>;
  const ticketId = newId();
  const interventionId = newId();
  const segmentId = newId();

  beforeAll(async () => {
    server = await startTestServer(engine);
    smtp = await startSmtpReceiver();
    proxy = await startLoopbackProxy(server.url);
    console_ = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it' });
    // An hour at the customer's premises, ended 10 minutes ago, synced.
    console_.execute('ticket.create', { id: ticketId, number: 'RAP-1', customerId: server.customerId, channel: 'phone', subject: 'Server del negozio', description: '', priority: 'P3', blocking: false, openedAt: minutesAgo(90) });
    console_.execute('intervention.start', { id: interventionId, ticketId, segmentId, mode: 'on_site', activity: 'hardware_repair', backupCheck: 'confirmed', startedAt: minutesAgo(70) });
    console_.execute('intervention.edit', { interventionId, changes: { notes: 'Sostituito l’alimentatore del server.' } });
    console_.execute('intervention.stop', { interventionId, at: minutesAgo(10) });
    await console_.sync();
  });
  afterAll(async () => {
    await console_?.remove();
    await proxy?.close();
    await smtp?.stop();
    await server?.stop();
  });

  /** The API's mail worker, once, towards the SMTP server of the test. */
  const sendQueuedMail = async () => {
    const worker = createMailWorker({
      database: server.database.server,
      transport: createSmtpTransport(smtp.url),
      settings: { from: 'Assistenza <assistenza@presidio.test>', publicUrl: server.url, policy: defaultBillingPolicy },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await worker.runOnce();
    await worker.stop();
  };
  const compose = async () => {
    const ticket = await console_.core.handlers['tickets.get']({ id: ticketId });
    return composeWorkReport({ ticket, interventionIds: [interventionId], technician: { id: server.users.anna, name: 'Anna Tecnica' }, extras: { partsUsed: 'Alimentatore 500 W', notes: 'Server di nuovo acceso.', nextSteps: 'Controllo tra una settimana.' }, now: new Date() });
  };
  const signed = (): WorkReportSignature => ({ kind: 'signed', signerName: 'Mario Rossi', strokes: [[[10, 10], [200, 120], [400, 60]]], imagePng: png, signedAt: new Date().toISOString() });
  let firstId = '';
  let firstHash = '';

  it('signed offline, the console restarted, then synced: the API holds the same report and fingerprint, mails it with the PDF, shows it on the portal', async () => {
    proxy.setMode('refuse');
    const content = await compose();
    expect(content).toMatchObject({ customer: { name: 'Ferramenta Rossi', site: 'Milano' }, totals: { workedMinutes: 60, billedMinutes: 60 }, partsUsed: 'Alimentatore 500 W' });
    // Through the host's dispatcher, as the screen calls it (the request is validated first).
    const signature = signed();
    const recorded = await dispatchHostCall(console_.core.handlers, 'workReports.record', { ticketId, supersedes: null, content, signature });
    if (!recorded.ok) throw new Error(recorded.error.message);
    const value = recorded.value as { id: string; version: number; contentHash: string };
    firstId = value.id;
    firstHash = value.contentHash;
    expect(value).toEqual({ id: firstId, version: 1, contentHash: workReportHash(content, signature) });
    // The PDF on the laptop, offline: the report's words, the fingerprint, the signature as an image.
    const local = await console_.core.handlers['workReports.pdf']({ id: firstId });
    const read = readPdf(Buffer.from(local.dataBase64, 'base64'));
    expect(read.text).toContain('Rapportino d’intervento');
    expect(read.text).toContain('RAP-1 · Server del negozio');
    expect(read.text).toContain('Alimentatore 500 W');
    expect(read.text).toContain('Firmato da: Mario Rossi');
    expect(read.text.replaceAll(/\s+/g, '')).toContain(firstHash);
    expect(read.images).toHaveLength(1);
    // The console restarts before it can send it.
    const dataDirectory = console_.dataDirectory;
    await console_.close();
    console_ = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it', dataDirectory, login: false });
    proxy.setMode('pass');
    await console_.sync();
    const stored = await server.db.selectFrom('work_reports').selectAll().where('id', '=', firstId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ ticket_id: ticketId, version: 1, content_hash: firstHash, created_by: server.users.anna });
    await sendQueuedMail();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelopeTo).toEqual(['rossi@test.it']);
    expect(mail!.subject).toMatch(/^\[RAP-1\] Rapportino d’intervento del /);
    expect(mail!.attachments.map((file) => [file.filename, file.contentType])).toEqual([['rapportino-RAP-1-v1.pdf', 'application/pdf']]);
    expect(readPdf(mail!.attachments[0]!.content).text.replaceAll(/\s+/g, '')).toContain(firstHash);
    // On the portal, the customer's request lists it and serves its PDF (to them only).
    await invitePortalContact(server, await server.loginAs('lead@test.it'), server.customerId, 'mario@rossi.test');
    const mario = portalBrowser(server);
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const page = await mario.call('GET', `/portal/api/tickets/${ticketId}`);
    expect(page.body.value.workReports).toEqual([{ id: firstId, version: 1, createdAt: expect.any(String), signedBy: 'Mario Rossi', declinedReason: null }]);
    const file = await mario.download(`/portal/api/tickets/${ticketId}/reports/${firstId}`);
    expect(file).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(readPdf(file.bytes).text.replaceAll(/\s+/g, '')).toContain(firstHash);
    expect((await portalBrowser(server).download(`/portal/api/tickets/${ticketId}/reports/${firstId}`)).status).toBe(401);
  });

  it('a tampered report is refused by the API (and by the console first); a replay changes nothing', async () => {
    const content = await compose();
    const signature = signed();
    const tampered = { ...content, totals: { ...content.totals, grossCents: 0 } };
    const raw = await server.consoleFor('anna@test.it');
    const pushed = await raw.push([
      raw.command('workReport.record', { id: newId(), ticketId, supersedes: null, content: tampered, signature, contentHash: workReportHash(content, signature) }),
      raw.command('workReport.record', { id: firstId, ticketId, supersedes: null, content: tampered, signature, contentHash: workReportHash(tampered, signature) }),
    ]);
    expect(pushed.body.value.results.map((result: { status: string; error?: { message: string } }) => result.error?.message)).toEqual([
      'Rapportino alterato: l’impronta non corrisponde al contenuto firmato.',
      'Un rapportino firmato non si modifica: si crea una nuova versione.',
    ]);
    expect(() => console_.execute('workReport.record', { id: newId(), ticketId, supersedes: null, content: tampered, signature, contentHash: workReportHash(content, signature) })).toThrow('Rapportino alterato');
    expect(await server.db.selectFrom('work_reports').select('id').where('ticket_id', '=', ticketId).execute()).toHaveLength(1);
  });

  it('after an edit a second version is made and the first stays as signed; a declined signature is recorded with its reason', async () => {
    console_.execute('intervention.edit', { interventionId, changes: { notes: 'Sostituito l’alimentatore e pulite le ventole.' } });
    const content = await compose();
    const declined: WorkReportSignature = { kind: 'declined', reason: 'Il titolare non era presente', recordedAt: new Date().toISOString() };
    const second = { value: await console_.core.handlers['workReports.record']({ ticketId, supersedes: firstId, content, signature: declined }) };
    expect(second.value.version).toBe(2);
    await console_.sync();
    const rows = await server.db.selectFrom('work_reports').select(['id', 'version', 'supersedes', 'content_hash']).where('ticket_id', '=', ticketId).orderBy('version').execute();
    expect(rows).toEqual([
      { id: firstId, version: 1, supersedes: null, content_hash: firstHash },
      { id: second.value.id, version: 2, supersedes: firstId, content_hash: second.value.contentHash },
    ]);
    const text = readPdf(Buffer.from((await console_.core.handlers['workReports.pdf']({ id: second.value.id })).dataBase64, 'base64')).text;
    expect(text).toContain('Il cliente non ha firmato: Il titolare non era presente');
    expect(text).toContain('pulite le ventole');
    const first = readPdf(Buffer.from((await console_.core.handlers['workReports.pdf']({ id: firstId })).dataBase64, 'base64')).text;
    expect(first).not.toContain('pulite le ventole');
  });

  it('when the confirmed charge differs from the signed one, the closure mail says so and why', async () => {
    const lead = await server.consoleFor('lead@test.it');
    // A lead corrects the times after the customer signed: 95 minutes, not 60.
    const adjusted = await lead.push([lead.command('intervention.adjustSegment', { interventionId, segmentId, startedAt: minutesAgo(105), endedAt: minutesAgo(10), reason: 'Il tecnico era arrivato prima' })]);
    expect(adjusted.body.value.results[0]).toMatchObject({ status: 'applied' });
    const closed = await lead.push([lead.command('ticket.close', { ticketId, cause: 'vendor', resolution: 'Alimentatore sostituito', closedAt: new Date().toISOString() })]);
    expect(closed.body.value.results[0]).toMatchObject({ status: 'applied' });
    await sendQueuedMail();
    const mails = await smtp.waitFor(3);
    const closure = mails.find((mail) => mail.subject === 'Richiesta RAP-1 chiusa: riepilogo dell’assistenza');
    const text = (closure?.text ?? '').replaceAll('\u00a0', ' ');
    expect(text).toMatch(/Il rapportino d’intervento firmato il .+ indicava in via provvisoria 1 h fatturati, 97,60 € IVA inclusa; l’addebito confermato è 2 h fatturati, 195,20 € IVA inclusa: i tempi sono stati corretti dopo la firma\./);
  });
});
