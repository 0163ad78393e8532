import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { defaultBillingPolicy } from '../../src/shared/domain/index.ts';
import { newId } from '../../src/shared/ids.ts';
import { createMailWorker } from '../../src/server/mail/mail-worker.ts';
import { createSmtpTransport } from '../../src/server/mail/mail-transport.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { startSmtpReceiver } from '../support/smtp-receiver.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { openTicket } from './api-console.ts';

/** Monday 23 November 2026, 17:00 in Rome. */
const now = new Date('2026-11-23T16:00:00.000Z');
const at = (romeTime: string) => new Date(`2026-11-23T${romeTime}:00+01:00`).toISOString();

test('closing a ticket mails the customer; the feedback link works without JavaScript; the lead sees the rating; the month’s statement follows', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const shot = (target: typeof page, name: string) => target.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const server = await startTestServer('sqlite', { clock: () => now });
  const smtp = await startSmtpReceiver();
  // The API's own mail worker, pointed at a real SMTP server on loopback; links lead back to this API.
  const worker = createMailWorker({
    database: server.database.server,
    transport: createSmtpTransport(smtp.url),
    settings: { from: 'Assistenza Presidio <assistenza@presidio.test>', publicUrl: server.url, policy: defaultBillingPolicy },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: () => now,
  });
  // Anna has already worked 40 minutes on the ticket (billable: no contract).
  const anna = await server.consoleFor('anna@test.it');
  const ticketId = newId();
  const interventionId = newId();
  const pushed = await anna.push([
    anna.command('ticket.create', { id: ticketId, number: 'MAIL-1', customerId: server.customerId, channel: 'phone', subject: 'Il registratore di cassa non si connette', description: '', priority: 'P2', blocking: false, openedAt: at('09:00') }),
    anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at('09:10') }),
    anna.command('intervention.edit', { interventionId, changes: { notes: 'Rete del cliente riconfigurata.' } }),
    anna.command('intervention.stop', { interventionId, at: at('09:50') }),
  ]);
  expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

  const consoleFor = async (email: string) => {
    const data = makeTempDirectory('presidio-e2e-mail-');
    const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', clock: () => now, autoSync: true });
    await core.sync.login(server.url, email, password);
    const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
    return { host, close: async () => (await host.close(), await core.close(), data.remove()) };
  };
  const technician = await consoleFor('anna@test.it');
  const lead = await consoleFor('lead@test.it');
  try {
    let feedbackUrl = '';
    await test.step('the technician closes the ticket in the console; the summary arrives at the SMTP server', async () => {
      await page.clock.setFixedTime(now);
      await page.goto(technician.host.url);
      await openTicket(page, 'MAIL-1');
      await page.getByRole('button', { name: 'Chiudi ticket' }).click();
      const close = page.getByRole('dialog', { name: /Chiudi il ticket/ });
      await close.getByLabel('Soluzione adottata').fill('Indirizzo IP del registratore corretto');
      await close.getByLabel('Causa fornitore').check();
      await close.getByRole('button', { name: 'Chiudi ticket' }).click();
      await page.getByRole('button', { name: /Online|Sincronizzazione/ }).click();
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await expect.poll(async () => (await server.db.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow()).status).toBe('closed');

      expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
      const [mail] = await smtp.waitFor(1);
      expect(mail!.envelopeTo).toEqual(['rossi@test.it']);
      expect(mail!.subject).toBe('Richiesta MAIL-1 chiusa: riepilogo dell’assistenza');
      const text = (mail!.text ?? '').replaceAll('\u00a0', ' ');
      expect(text).toContain('Tempo lavorato 40 min, tempo fatturato 1 h');
      expect(text).toContain('Note: Rete del cliente riconfigurata.');
      expect(text).toContain('Totale da fatturare: 80,00 € + IVA 17,60 € = 97,60 €');
      feedbackUrl = /(http:\/\/127\.0\.0\.1:\d+\/feedback\/[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
      expect(feedbackUrl).not.toBe('');
      // What the customer sees in their mail client: the HTML part, rendered by Chromium.
      const preview = await browser.newPage({ javaScriptEnabled: false });
      await preview.setContent(typeof mail!.html === 'string' ? mail!.html : '');
      await expect(preview.getByRole('link', { name: 'Valuti l’assistenza ricevuta' })).toHaveAttribute('href', feedbackUrl);
      await shot(preview, '01-closure-mail');
      await preview.close();
    });

    await test.step('the customer opens the link in a browser without JavaScript and rates the assistance once', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const customer = await context.newPage();
      await customer.goto(feedbackUrl);
      await expect(customer.getByRole('heading', { name: 'Valuti l’assistenza ricevuta' })).toBeVisible();
      await expect(customer.getByText('MAIL-1')).toBeVisible();
      await shot(customer, '02-feedback-form');
      await customer.getByRole('button', { name: 'Invia la valutazione' }).click();
      // The browser itself asks for a rating (required radio): nothing was sent.
      await expect(customer.getByRole('heading', { name: 'Valuti l’assistenza ricevuta' })).toBeVisible();
      await customer.getByLabel('4 · Buono').check();
      await customer.getByLabel('Commento (facoltativo)').fill('Veloci e cortesi, grazie.');
      await customer.getByRole('button', { name: 'Invia la valutazione' }).click();
      await expect(customer.getByRole('status')).toContainText('Grazie!');
      await shot(customer, '03-feedback-thanks');
      await customer.goto(feedbackUrl);
      await expect(customer.getByRole('status')).toContainText('già stata inviata');
      await context.close();
    });

    await test.step('the team lead’s console shows the rating beside the ticket, and the month’s statement', async () => {
      await page.goto(lead.host.url);
      await page.getByRole('button', { name: /Online|Sincronizzazione/ }).click();
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      // Anna's ticket: the lead looks at everyone's.
      await page.getByRole('button', { name: 'Tutti', exact: true }).click();
      await openTicket(page, 'MAIL-1');
      const rating = page.getByRole('region', { name: 'Valutazione del cliente' });
      await expect(rating).toContainText('4/5 · Buono');
      await expect(rating).toContainText('«Veloci e cortesi, grazie.»');
      await shot(page, '04-lead-sees-rating');

      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Rendiconti' }).click();
      await page.getByLabel('Mese').fill('2026-11');
      const customers = page.getByRole('table', { name: 'Clienti del rendiconto' });
      await expect(customers.getByRole('row').filter({ hasText: 'Ferramenta Rossi' })).toContainText('97,60 €');
      await expect(page.getByText('mese in corso: provvisorio')).toBeVisible();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Scarica CSV del mese' }).click();
      expect((await download).suggestedFilename()).toBe('rendiconto-2026-11.csv');
      await shot(page, '05-statements');

      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Giornata del team' }).click();
      await expect(page.getByRole('region', { name: 'Posta in uscita' })).toContainText('Nessuna e-mail in difficoltà.');
    });
  } finally {
    await worker.stop();
    await technician.close();
    await lead.close();
    await smtp.stop();
    await server.stop();
  }
});
