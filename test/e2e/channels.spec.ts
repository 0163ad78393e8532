import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { createImapInbox, parseImapUrl, readVoicemailSettings } from '../../src/server/conversation/imap-inbox.ts';
import { readWhatsAppSettings } from '../../src/server/channels/whatsapp.service.ts';
import { createWhatsAppSender } from '../../src/server/channels/whatsapp-outbox.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { startImapServer } from '../support/imap-server.ts';
import { startWhatsAppPlatform } from '../support/whatsapp-platform.ts';
import { silentWav } from '../support/sample-files.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { openTicket, syncNow as syncConsole } from './api-console.ts';

const wav = silentWav();

test('a voicemail and a WhatsApp message arrive while the console is open: both in the queue with their channel, the recording plays, the WhatsApp answer reaches the platform', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const accessToken = 'EAAG-token';
  const appSecret = 'segreto';
  const platform = await startWhatsAppPlatform({ accessToken });
  const attachments = makeTempDirectory('presidio-e2e-channels-');
  const settings = readWhatsAppSettings({ PRESIDIO_WHATSAPP_VERIFY_TOKEN: 'v', PRESIDIO_WHATSAPP_APP_SECRET: appSecret, PRESIDIO_WHATSAPP_ACCESS_TOKEN: accessToken, PRESIDIO_WHATSAPP_API_URL: platform.url, PRESIDIO_WHATSAPP_PHONE_NUMBER_ID: '106540352242922' })!;
  const server = await startTestServer('sqlite', { attachmentFolder: attachments.path, whatsApp: settings });
  await server.db.updateTable('customers').set({ phone: '045 4684131 / 340 0662095' }).where('id', '=', server.customerId).execute();
  const imap = await startImapServer();
  const silent = { info: () => undefined, warn: () => undefined };
  const inbox = createImapInbox({ location: parseImapUrl(imap.url), database: server.database.server, settings: { ownAddresses: [], attachmentFolder: attachments.path, voicemail: readVoicemailSettings({ PRESIDIO_VOICEMAIL_FROM: 'centralino@presidio.test' }) }, log: silent });
  const sender = createWhatsAppSender({ database: server.database.server, settings: async () => settings, log: silent });
  const data = makeTempDirectory('presidio-e2e-channels-console-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: false });
  await core.sync.login(server.url, 'anna@test.it', password);
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  const syncNow = () => syncConsole(page);
  try {
    await page.goto(host.url);
    await test.step('the voicemail and the WhatsApp message arrive', async () => {
      const boundary = 'vm-boundary';
      await imap.deliver(
        [
          'From: Centralino <centralino@presidio.test>',
          'To: assistenza@presidio.test',
          'Subject: [PBX]: New message 1 in mailbox 100',
          'Message-ID: <vm-e2e@pbx>',
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Dear Assistenza:\n\n\tjust wanted to let you know you were just left a 0:42 long message (number 1)\nin mailbox 100 from "Mario Rossi" <0454684131>, on Monday so you might\nwant to check it.',
          `--${boundary}`,
          'Content-Type: audio/x-wav; name="msg0001.wav"',
          'Content-Disposition: attachment; filename="msg0001.wav"',
          'Content-Transfer-Encoding: base64',
          '',
          wav.toString('base64'),
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      );
      await inbox.runOnce();
      const raw = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { contacts: [{ wa_id: '393400662095', profile: { name: 'Mario Rossi' } }], messages: [{ from: '393400662095', id: 'wamid.e2e', timestamp: '1795453200', type: 'text', text: { body: 'La cassa non stampa lo scontrino' } }] } }] }],
      });
      const delivered = await fetch(`${server.url}/intake/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}` }, body: raw });
      expect(delivered.status).toBe(200);
      await syncNow();
      const queue = page.getByRole('list', { name: 'Elenco ticket' });
      await expect(queue.getByRole('button', { name: /Segreteria: Mario Rossi/ })).toContainText('Segreteria telefonica');
      await expect(queue.getByRole('button', { name: /La cassa non stampa lo scontrino/ })).toContainText('WhatsApp');
      await page.screenshot({ path: testInfo.outputPath('01-queue-channels.png'), fullPage: true });
    });

    await test.step('the recording plays in the ticket', async () => {
      await page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: /Segreteria: Mario Rossi/ }).click();
      const thread = page.getByRole('region', { name: 'Conversazione' });
      await expect(thread).toContainText('durata 0:42');
      await thread.getByRole('button', { name: 'Ascolta' }).click();
      const audio = thread.getByLabel('Audio: msg0001.wav');
      await expect(audio).toBeVisible();
      await expect.poll(() => audio.evaluate((element) => (element as unknown as { readyState: number }).readyState)).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: testInfo.outputPath('02-voicemail.png'), fullPage: true });
    });

    await test.step('the technician answers the WhatsApp message from the ticket; the platform receives it', async () => {
      await openTicket(page, 'WA-');
      const thread = page.getByRole('region', { name: 'Conversazione' });
      await thread.getByLabel('Risposta al cliente').check();
      await expect(thread.getByText(/riceverà il testo su WhatsApp/)).toBeVisible();
      await thread.getByLabel('Messaggio').fill('Buongiorno, passiamo alle 15 a controllare la cassa.');
      await thread.getByRole('button', { name: 'Invia al cliente' }).click();
      await syncNow();
      expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
      expect(platform.sent).toEqual([expect.objectContaining({ to: '393400662095', type: 'text', text: { preview_url: false, body: 'Buongiorno, passiamo alle 15 a controllare la cassa.' } })]);
      await page.screenshot({ path: testInfo.outputPath('03-whatsapp-answer.png'), fullPage: true });
    });
  } finally {
    await inbox.stop();
    await host.close();
    await core.close();
    data.remove();
    await imap.stop();
    await server.stop();
    await platform.stop();
    attachments.remove();
  }
});
