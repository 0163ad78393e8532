import { join } from 'node:path';
import { test, expect, devices, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createCore } from '../../src/main/core/core.ts';
import { defaultBillingPolicy } from '../../src/shared/domain/index.ts';
import { newId } from '../../src/shared/ids.ts';
import { createMailWorker } from '../../src/server/mail/mail-worker.ts';
import { createSmtpTransport } from '../../src/server/mail/mail-transport.ts';
import { createImapInbox, parseImapUrl } from '../../src/server/conversation/imap-inbox.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { startSmtpReceiver } from '../support/smtp-receiver.ts';
import { startImapServer } from '../support/imap-server.ts';
import { startLoopbackProxy } from '../support/loopback-proxy.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { openTicket, syncNow as syncConsole } from './api-console.ts';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const secretNote = 'Nota riservata: il cliente usa toner compatibili';

/** WCAG 2.1 AA, as axe-core checks it inside the page: no violation may remain. */
const expectAccessible = async (page: Page, where: string) => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((violation) => `${where}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
};

test('the conversation: a reply written offline reaches the customer by mail and on the phone; the customer answers with a photo; a mail reply to the closure lands in the same ticket through IMAP; internal notes never leave the desk', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (target: Page, name: string) => target.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const attachments = makeTempDirectory('presidio-e2e-attachments-');
  const server = await startTestServer('sqlite', { portalDirectory: join(process.cwd(), 'out', 'portal'), attachmentFolder: attachments.path });
  const smtp = await startSmtpReceiver();
  const imap = await startImapServer();
  const proxy = await startLoopbackProxy(server.url);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const worker = createMailWorker({
    database: server.database.server,
    transport: createSmtpTransport(smtp.url),
    settings: { from: 'Assistenza Presidio <assistenza@presidio.test>', publicUrl: server.url, policy: defaultBillingPolicy },
    log: silent,
  });
  const inbox = createImapInbox({ location: parseImapUrl(imap.url), database: server.database.server, settings: { ownAddresses: ['assistenza@presidio.test'], attachmentFolder: attachments.path }, log: silent });
  // The customer's contact on the portal, invited by a lead and signed up with the invite's link.
  const lead = await server.loginAs('lead@test.it');
  await server.call('POST', '/portal-admin/invite', { customerId: server.customerId, email: 'mario@rossi.test', name: 'Mario Rossi' }, lead);
  const invite = await server.db.selectFrom('mail_outbox').select('body').where('recipient', '=', 'mario@rossi.test').executeTakeFirstOrThrow();
  const token = /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(invite.body ?? '')?.[1] ?? '';
  await fetch(`${server.url}/portal/api/invite/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'password-del-cliente' }) });
  await server.db.updateTable('mail_outbox').set({ status: 'sent' }).where('recipient', '=', 'mario@rossi.test').execute();
  const anna = await server.consoleFor('anna@test.it');
  const ticketId = newId();
  const openedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  await anna.push([
    anna.command('ticket.create', { id: ticketId, number: 'CONV-1', customerId: server.customerId, channel: 'phone', subject: 'La stampante segnala toner esaurito', description: 'Spia rossa accesa.', priority: 'P3', blocking: false, openedAt }),
    anna.command('ticket.create', { id: newId(), number: 'CONV-2', customerId: server.customerId, channel: 'phone', subject: 'Altra richiesta', description: '', priority: 'P4', blocking: false, openedAt }),
  ]);
  // Anna's console talks to the API through a line the test can cut.
  const data = makeTempDirectory('presidio-e2e-conversation-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: false });
  await core.sync.login(proxy.url, 'anna@test.it', password);
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  const phoneDevice = devices['iPhone 13'];
  const { defaultBrowserType: _browserType, ...phone } = phoneDevice;
  const phoneContext = await browser.newContext(phone);
  const customer = await phoneContext.newPage();
  const portalAnswers: string[] = [];
  customer.on('response', async (response) => {
    if (response.url().includes('/portal/api/')) portalAnswers.push(await response.text().catch(() => ''));
  });
  const syncNow = (expected: 'Tutto inviato' | 'Offline') => syncConsole(page, expected);
  try {
    let mailLink = '';
    await test.step('offline, the technician writes an internal note and a public reply; they go out at the next sync', async () => {
      await page.goto(host.url);
      await openTicket(page, 'CONV-1');
      proxy.setMode('refuse');
      const thread = page.getByRole('region', { name: 'Conversazione' });
      await thread.getByLabel('Messaggio').fill(secretNote);
      await thread.getByRole('button', { name: 'Aggiungi nota' }).click();
      await expect(thread.getByText('Nota interna registrata.')).toBeVisible();
      await thread.getByLabel('Risposta al cliente').check();
      await thread.getByLabel('Messaggio').fill('Buongiorno, abbiamo ordinato il toner: arriva domani mattina.');
      await thread.getByRole('button', { name: 'Invia al cliente' }).click();
      await expect(thread.getByText('Da inviare alla prossima sincronizzazione')).toHaveCount(2);
      await syncNow('Offline');
      await shot(page, '01-console-thread-offline');
      proxy.setMode('pass');
      await syncNow('Tutto inviato');
      await expect(thread.getByText('Da inviare alla prossima sincronizzazione')).toHaveCount(0);
      await expectAccessible(page, 'console, ticket');
    });

    await test.step('the customer receives the reply by mail (real SMTP), without the internal note', async () => {
      expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
      const [mail] = await smtp.waitFor(1);
      expect(mail!.envelopeTo).toEqual(['rossi@test.it']);
      expect(mail!.subject).toBe('[CONV-1] La stampante segnala toner esaurito');
      const text = mail!.text ?? '';
      expect(text).toContain('Anna Tecnica ha risposto alla sua richiesta CONV-1');
      expect(text).toContain('abbiamo ordinato il toner');
      expect(`${text}${String(mail!.html)}`).not.toContain('toner compatibili');
      mailLink = /(http:\/\/127\.0\.0\.1:\d+\/portal\/#\/richieste\/[0-9a-f-]+)/.exec(text)?.[1] ?? '';
      expect(mailLink).toContain(ticketId);
    });

    await test.step('on the phone, the customer opens the link, signs in, reads the answer and replies with a photo', async () => {
      // The technician moves on to another ticket meanwhile.
      await openTicket(page, 'CONV-2');
      await customer.goto(mailLink);
      const form = customer.getByRole('form', { name: 'Accesso al portale' });
      await form.getByLabel('E-mail').fill('mario@rossi.test');
      await form.getByLabel('Password').fill('password-del-cliente');
      await form.getByRole('button', { name: 'Accedi' }).click();
      const conversation = customer.getByRole('region', { name: 'Conversazione' });
      await expect(conversation).toContainText('abbiamo ordinato il toner');
      await expect(conversation).toContainText('Anna Tecnica · Assistenza');
      await expect(customer.getByText('toner compatibili')).toHaveCount(0);
      await expectAccessible(customer, 'portal, request');
      await conversation.getByLabel('Il suo messaggio').fill('Grazie! Ecco la foto della spia, se serve.');
      await conversation.getByLabel(/Allega foto, PDF o audio/).setInputFiles({ name: 'spia.png', mimeType: 'image/png', buffer: png });
      await conversation.getByRole('button', { name: 'Invia', exact: true }).click();
      await expect(customer.getByText('Messaggio inviato: lo leggerà il tecnico che segue la richiesta.')).toBeVisible();
      await expect(conversation.getByRole('img', { name: 'Allegato: spia.png' })).toBeVisible();
      await shot(customer, '02-phone-thread');
      // On the wire: no answer the portal received carried the internal note.
      expect(portalAnswers.length).toBeGreaterThan(2);
      for (const answer of portalAnswers) expect(answer).not.toContain('toner compatibili');
    });

    await test.step('the technician’s console marks the new answer in the queue and shows the photo', async () => {
      await syncNow('Tutto inviato');
      await page.getByRole('searchbox').fill('CONV');
      const row = page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: /CONV-1/ });
      await expect(row).toContainText('Nuovo messaggio');
      await row.click();
      const thread = page.getByRole('region', { name: 'Conversazione' });
      await expect(thread).toContainText('Grazie! Ecco la foto della spia');
      await expect(thread).toContainText('Mario Rossi (cliente)');
      await thread.getByRole('button', { name: 'Mostra' }).click();
      await expect(thread.getByRole('img', { name: 'Allegato: spia.png' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: /CONV-1/ })).not.toContainText('Nuovo messaggio');
      await shot(page, '03-console-thread-photo');
      // And answers with a PDF of their own (files go to the API at once: online).
      await thread.getByLabel('Risposta al cliente').check();
      await thread.getByLabel('Messaggio').fill('Ecco la guida per cambiare il toner.');
      await thread.getByLabel(/Allegati \(immagini/).setInputFiles({ name: 'guida-toner.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await expect(thread.getByRole('list', { name: 'File da allegare' })).toContainText('guida-toner.pdf');
      await thread.getByRole('button', { name: 'Invia al cliente' }).click();
      await expect(thread.getByText(/Risposta registrata/)).toBeVisible();
      await expect(thread.getByRole('list', { name: 'Allegati' }).filter({ hasText: 'guida-toner.pdf' })).toBeVisible();
      await syncNow('Tutto inviato');
      await customer.reload();
      await expect(customer.getByRole('region', { name: 'Conversazione' }).getByRole('link', { name: 'guida-toner.pdf' })).toBeVisible();
    });

    await test.step('the technician closes the ticket; the customer answers the closure mail and the answer lands in the same ticket through IMAP', async () => {
      await page.getByRole('button', { name: 'Chiudi ticket' }).click();
      const close = page.getByRole('dialog', { name: /Chiudi il ticket/ });
      await close.getByLabel('Soluzione adottata').fill('Toner sostituito');
      await close.getByLabel('Causa fornitore').check();
      await close.getByRole('button', { name: 'Chiudi ticket' }).click();
      await syncNow('Tutto inviato');
      expect(await worker.runOnce()).toMatchObject({ sent: 2 });
      const closure = (await smtp.waitFor(3)).find((mail) => mail.subject?.startsWith('Richiesta CONV-1 chiusa'))!;
      expect(closure.subject).toBe('Richiesta CONV-1 chiusa: riepilogo dell’assistenza');
      await imap.deliver(
        [
          'From: Ferramenta Rossi <rossi@test.it>',
          'To: assistenza@presidio.test',
          `Subject: R: ${closure.subject}`,
          `Message-ID: <risposta-chiusura-${newId()}@rossi.test>`,
          `In-Reply-To: ${closure.messageId}`,
          `References: ${closure.messageId}`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Il toner nuovo stampa benissimo, grazie.',
          '',
          `Il giorno oggi Assistenza Presidio <assistenza@presidio.test> ha scritto:`,
          '> Richiesta CONV-1 chiusa',
          '',
        ].join('\r\n'),
      );
      const [filed] = await inbox.runOnce();
      expect(filed).toMatchObject({ outcome: 'message', ticketId });
      await syncNow('Tutto inviato');
      const thread = page.getByRole('region', { name: 'Conversazione' });
      await expect(thread).toContainText('Il toner nuovo stampa benissimo, grazie.');
      await expect(thread.getByText('E-mail', { exact: true })).toBeVisible();
      await expect(thread.getByText('Testo citato')).toBeVisible();
      await shot(page, '04-console-mail-reply');
    });

    await test.step('the portal’s home is a dashboard; FAQ and the service schema read without signing in', async () => {
      await customer.goto(`${server.url}/portal/#/`);
      await expect(customer.getByRole('heading', { name: 'Richieste aperte' })).toBeVisible();
      await expect(customer.getByRole('list', { name: 'Richieste aperte' })).toContainText('CONV-1');
      await expect(customer.getByRole('list', { name: 'Richieste aperte' })).toContainText('Il toner nuovo stampa benissimo');
      await shot(customer, '05-phone-dashboard');
      await expectAccessible(customer, 'portal, home');
      const visitor = await browser.newContext(phone);
      const anonymous = await visitor.newPage();
      await anonymous.goto(`${server.url}/portal/#/faq`);
      await expect(anonymous.getByRole('heading', { name: 'Che cosa resta sempre incluso?' })).toBeVisible();
      await shot(anonymous, '06-faq');
      await expectAccessible(anonymous, 'portal, FAQ');
      await anonymous.goto(`${server.url}/portal/#/cosa-e-incluso`);
      await expect(anonymous.getByRole('heading', { name: 'Supporto di base incluso' })).toBeVisible();
      await expect(anonymous.getByRole('heading', { name: 'Supporto personalizzato a valore aggiunto' })).toBeVisible();
      await shot(anonymous, '07-schema');
      await expectAccessible(anonymous, 'portal, schema');
      await visitor.close();
    });
  } finally {
    await phoneContext.close();
    await inbox.stop();
    await worker.stop();
    await host.close();
    await core.close();
    data.remove();
    await proxy.close();
    await imap.stop();
    await smtp.stop();
    await server.stop();
    attachments.remove();
  }
});
