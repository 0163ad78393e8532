import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { defaultBillingPolicy } from '../../../src/shared/domain/index.ts';
import { createMailWorker, outboxMessageId, type MailWorkerLog } from '../../../src/server/mail/mail-worker.ts';
import { createDropFolderTransport, createSmtpTransport, type MailTransport } from '../../../src/server/mail/mail-transport.ts';
import { hashFeedbackToken } from '../../../src/server/feedback/feedback-token.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const settings = { from: 'Assistenza Presidio <assistenza@presidio.test>', publicUrl: 'https://assistenza.test', policy: defaultBillingPolicy };
const quietLog: MailWorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(engineNames)('mail delivery (%s)', (engine) => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = fixtureEvening();
  const clock = () => now;
  const workers: Array<ReturnType<typeof createMailWorker>> = [];
  const worker = (transport: MailTransport = createSmtpTransport(smtp.url), extra: Partial<Parameters<typeof createMailWorker>[0]> = {}) => {
    const created = createMailWorker({ database: server.database.server, transport, settings, log: quietLog, clock, ...extra });
    workers.push(created);
    return created;
  };
  const statuses = (answer: Awaited<ReturnType<TestServer['call']>>) => (answer.body.value.results as Array<{ status: string }>).map((result) => result.status);
  const outbox = () => server.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').orderBy('id').execute();
  /** Queues a plain mail straight into the outbox (the worker's own tests need many, fast). */
  const queuePlain = async (count: number) => {
    const rows = Array.from({ length: count }, (_, n) => ({
      id: newId(),
      ticket_id: null,
      customer_id: null,
      kind: 'text' as const,
      recipient: `cliente${n}@test.it`,
      subject: `Prova ${n}`,
      body: `Messaggio ${n}`,
      payload_json: null,
      status: 'queued' as const,
      attempts: 0,
      next_attempt_at: now.toISOString(),
      last_error: null,
      claimed_by: null,
      claimed_until: null,
      created_at: now.toISOString(),
      sent_at: null,
    }));
    await server.db.insertInto('mail_outbox').values(rows).execute();
    return rows;
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    smtp = await startSmtpReceiver({ user: 'presidio', password: 'segreto smtp' });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterEach(async () => {
    for (const created of workers.splice(0)) await created.stop();
    await server.db.deleteFrom('mail_outbox').execute();
    smtp.received.splice(0);
    now = fixtureEvening();
  });
  afterAll(async () => {
    await smtp.stop();
    await server.stop();
  });

  it('closing a ticket sends the summary over SMTP: interventions, classification, charge, notes, residual hours, a one-use feedback link', async () => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'M-1', customerId: server.customerId, channel: 'phone', subject: 'Stampante <bloccata>', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(0) }),
      anna.command('intervention.edit', { interventionId, changes: { notes: 'Reinstallato il driver & riavviato lo spooler.' } }),
      anna.command('intervention.stop', { interventionId, at: at(75) }),
      anna.command('ticket.close', { ticketId, cause: 'customer', resolution: 'Driver aggiornato.', closedAt: at(80) }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const [queued] = await outbox();
    expect(queued).toMatchObject({ kind: 'closure', status: 'queued', recipient: 'rossi@test.it', ticket_id: ticketId });

    expect(await worker().runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelopeTo).toEqual(['rossi@test.it']);
    expect(mail!.messageId).toBe(outboxMessageId(queued!.id));
    expect(mail!.from?.text).toContain('assistenza@presidio.test');
    expect(mail!.subject).toBe('Richiesta M-1 chiusa: riepilogo dell’assistenza');
    // Amounts are formatted with a no-break space before the euro sign.
    const text = (mail!.text ?? '').replaceAll('\u00a0', ' ');
    // 75 worked minutes, billable (no contract): one hour minimum then half hours → 90 minutes, 120,00 € + 26,40 € VAT.
    expect(text).toContain('Stampante <bloccata>');
    expect(text).toContain('Controllo remoto · Assistenza e formazione da remoto');
    expect(text).toContain('Tempo lavorato 1 h 15 min, tempo fatturato 1 h 30 min');
    expect(text).toContain('A pagamento');
    expect(text).toContain('1 h 30 min a consuntivo; importo 120,00 € + IVA 26,40 € = 146,40 €');
    expect(text).toContain('Note: Reinstallato il driver & riavviato lo spooler.');
    expect(text).toContain('Totale da fatturare: 120,00 € + IVA 26,40 € = 146,40 €');
    expect(text).toContain('Ore gratuite residue: 0 min');
    // Who did the work, and where the customer follows their requests.
    expect(text).toMatch(/· tecnico Anna Tecnica/);
    expect(text).toContain('portale clienti: https://assistenza.test/portal/#/richieste');
    // «Causa non determinata» is a word for staff, not for customers.
    expect(text).not.toContain('Causa non determinata');
    // The HTML part says the same, escaped.
    expect(mail!.html).toContain('Stampante &lt;bloccata&gt;');
    expect(mail!.html).toContain('Reinstallato il driver &amp; riavviato lo spooler.');
    // The link carries a random token, not the ticket id; the database keeps only its hash.
    const link = /https:\/\/assistenza\.test\/feedback\/([A-Za-z0-9_-]+)/.exec(text);
    expect(link).not.toBeNull();
    expect(link![1]).not.toContain(ticketId);
    const request = await server.db.selectFrom('feedback_requests').selectAll().where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(request.token_hash).toBe(hashFeedbackToken(link![1]!));
    expect(Date.parse(request.expires_at) - Date.parse(request.created_at)).toBe(30 * 24 * 3_600_000);
    const [sent] = await outbox();
    expect(sent).toMatchObject({ status: 'sent', attempts: 0, claimed_by: null });
    // Once sent, the row no longer holds the one-use token (only its hash opens the form).
    expect(sent!.payload_json).not.toContain(link![1]);
    expect(JSON.parse(sent!.payload_json!).feedbackToken).toBe('');
  });

  it('the closure summary lists the ticket’s repairs: device, status, warranty verdict and charge, counted in the total', async () => {
    const [ticketId, deviceId, repairId] = [newId(), newId(), newId()];
    await lead.push([lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Stampante fiscale RT-80', serial: 'SN-MAIL-1', purchaseDate: '2024-03-01', warrantyMonths: 12 })]);
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'M-R', customerId: server.customerId, channel: 'phone', subject: 'Stampante fiscale guasta', description: '', priority: 'P2', blocking: false, openedAt: at(0) }),
      anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId, reportedDefect: 'Non stampa lo scontrino', receivedOn: '2026-11-23' }),
      anna.command('repair.advance', { repairId, status: 'diagnosing' }),
      anna.command('repair.update', { repairId, changes: { diagnosis: 'Testina bruciata', labourMinutes: 45 }, loggedAt: at(30) }),
      anna.command('repair.advance', { repairId, status: 'repairing' }),
      anna.command('repair.advance', { repairId, status: 'ready' }),
      anna.command('ticket.close', { ticketId, cause: 'vendor', resolution: 'Testina sostituita.', closedAt: at(60) }),
    ]);
    expect(statuses(answer).every((status) => status === 'applied')).toBe(true);
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    const text = (mail!.text ?? '').replaceAll('\u00a0', ' ');
    expect(text).toContain('Riparazioni');
    expect(text).toContain('- Stampante fiscale RT-80 · matricola SN-MAIL-1 · Pronto per la restituzione');
    expect(text).toContain('Difetto segnalato: Non stampa lo scontrino');
    expect(text).toContain('Diagnosi: Testina bruciata');
    // Bought March 2024 with 12 months: out of warranty; 45 minutes of labour, billed one hour.
    expect(text).toContain('Fuori garanzia: scaduta il 1 marzo 2025');
    expect(text).toContain('Addebito: tempo fatturato 1 h (1 h a consuntivo), 97,60 € IVA inclusa.');
    expect(text).toContain('Totale da fatturare: 80,00 € + IVA 17,60 € = 97,60 €');
    expect(mail!.html).toContain('Testina bruciata');
  });

  it('runs what is scheduled (the monthly statements) before each pass; a failure there stops neither the schedule nor the sending', async () => {
    let calls = 0;
    const [queued] = await queuePlain(1);
    const created = worker(undefined, {
      scheduled: [
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('statement non leggibili');
        },
      ],
    });
    created.start(10);
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    await vi.waitFor(async () => expect((await outbox()).find((row) => row.id === queued!.id)?.status).toBe('sent'), { timeout: 5_000 });
  });

  it('a sent invite keeps no working link in the outbox', async () => {
    const [row] = await queuePlain(1);
    await server.db.updateTable('mail_outbox').set({ body: 'Apra https://assistenza.test/portal/#/invito/AbCdEf123_- per scegliere la password.' }).where('id', '=', row!.id).execute();
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.text).toContain('/portal/#/invito/AbCdEf123_-');
    const [stored] = await outbox();
    expect(stored!.body).toBe('Apra https://assistenza.test/portal/#/invito/… per scegliere la password.');
  });

  it('a temporary refusal is retried with a growing wait; the same row always goes out as the same message', async () => {
    const [row] = await queuePlain(1);
    smtp.refuseNext(451, 2);
    const sender = worker();
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 1, parked: 0 });
    let [stored] = await outbox();
    expect(stored).toMatchObject({ status: 'queued', attempts: 1 });
    expect(stored!.last_error).toContain('Riprovare più tardi');
    expect(Date.parse(stored!.next_attempt_at!) - now.getTime()).toBe(60_000);
    // Not due yet: nothing is tried.
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, parked: 0 });
    now = new Date(now.getTime() + 60_000);
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 1, parked: 0 });
    [stored] = await outbox();
    expect(Date.parse(stored!.next_attempt_at!) - now.getTime()).toBe(120_000);
    now = new Date(now.getTime() + 120_000);
    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.messageId).toBe(outboxMessageId(row!.id));
  });

  it('after the last attempt, or at once for a permanent refusal, a mail is parked and the lead sees it with its error and can send it again', async () => {
    const [temporary, permanent] = await queuePlain(2);
    smtp.refuseNext(550, 1);
    smtp.refuseNext(421, 1);
    const sender = worker(undefined, { maxAttempts: 2, backoffMs: () => 1_000 });
    expect(await sender.runOnce()).toMatchObject({ parked: 1, retried: 1 });
    now = new Date(now.getTime() + 1_000);
    smtp.refuseNext(421, 1);
    expect(await sender.runOnce()).toMatchObject({ parked: 1 });
    const rows = new Map((await outbox()).map((row) => [row.id, row]));
    expect(rows.get(temporary!.id)).toMatchObject({ status: 'parked', attempts: 1 });
    expect(rows.get(permanent!.id)).toMatchObject({ status: 'parked', attempts: 2 });

    const technicianView = await server.call('POST', '/review/mail', {}, anna.token);
    expect(technicianView.body.error?.code).toBe('forbidden');
    const review = await server.call('POST', '/review/mail', {}, lead.token);
    expect(review.body.value.counts).toMatchObject({ parked: 2, queued: 0 });
    expect(review.body.value.troubled).toHaveLength(2);
    expect(review.body.value.troubled.map((mail: { lastError: string }) => mail.lastError).join(' ')).toMatch(/Casella inesistente/);

    const retried = await server.call('POST', '/review/mail/retry', { id: temporary!.id }, lead.token);
    expect(retried.body).toEqual({ ok: true, value: { requeued: true } });
    const again = await server.call('POST', '/review/mail/retry', { id: temporary!.id }, lead.token);
    expect(again.body.error?.code).toBe('conflict');
    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', temporary!.id).execute();
    expect(audit).toEqual([{ action: 'mail.retry', actor_id: server.users.lead }]);
  });

  it('two workers on one database never send a row twice', async () => {
    const rows = await queuePlain(40);
    const one = worker(undefined, { batchSize: 3 });
    const two = worker(undefined, { batchSize: 3 });
    for (;;) {
      const [a, b] = await Promise.all([one.runOnce(), two.runOnce()]);
      if (a.sent + b.sent === 0) break;
    }
    const received = await smtp.waitFor(40);
    const ids = received.map((mail) => mail.messageId);
    expect(new Set(ids).size).toBe(40);
    expect(ids.sort()).toEqual(rows.map((row) => outboxMessageId(row.id)).sort());
    expect((await outbox()).every((row) => row.status === 'sent')).toBe(true);
  });

  it('a crash between sending and marking: the claim lapses, the row is sent again as the very same message', async () => {
    const [row] = await queuePlain(1);
    const smtpTransport = createSmtpTransport(smtp.url);
    // This worker delivers, then dies before it can mark the row: its claim is left behind.
    const dying = worker({ ...smtpTransport, send: async (mail) => { await smtpTransport.send(mail); throw Object.assign(new Error('processo terminato'), { crash: true }); } }, { claimMs: 60_000 });
    const crash = dying.runOnce();
    await expect(crash).resolves.toMatchObject({ retried: 1 });
    const survivor = worker();
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await survivor.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    const received = await smtp.waitFor(2);
    expect(received.map((mail) => mail.messageId)).toEqual([outboxMessageId(row!.id), outboxMessageId(row!.id)]);
    expect(received[0]!.text).toBe(received[1]!.text);
    expect(received[0]!.date?.toISOString()).toBe(received[1]!.date?.toISOString());
  });

  it('with no SMTP server the mail is written as an .eml file a mail client opens', async () => {
    const temp = makeTempDirectory('presidio-mail-');
    const folder = join(temp.path, 'mail');
    const [row] = await queuePlain(1);
    expect(await worker(createDropFolderTransport(folder)).runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(readFileSync(join(folder, files[0]!)));
    expect(parsed.messageId).toBe(outboxMessageId(row!.id));
    expect(parsed.subject).toBe('Prova 0');
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('cliente0@test.it');
    temp.remove();
  });
});
