import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { issueCtiKey } from '../../src/server/channels/cti.service.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import AxeBuilder from '@axe-core/playwright';
import { openConsole, signIn, startDemoApi } from './api-console.ts';

test('a ringing call shows the caller’s customer on the console; «Nuova richiesta» comes pre-filled; the answered call is logged on the card', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const server = await startTestServer('sqlite');
  await server.db.updateTable('customers').set({ phone: '045 4684131' }).where('id', '=', server.customerId).execute();
  const { key } = await issueCtiKey(server.db, null, 'Centralino', new Date());
  const data = makeTempDirectory('presidio-e2e-calls-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: true });
  await core.sync.login(server.url, 'anna@test.it', password);
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  const pbx = (body: Record<string, unknown>) => fetch(`${server.url}/cti/calls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
    await pbx({ callId: 'call-1', event: 'ring', from: '+39 045 468 4131' });
    const banner = page.getByRole('region', { name: 'Chiamate in corso' });
    await expect(banner).toContainText('Chiamata in arrivo da Ferramenta Rossi (C1)', { timeout: 20_000 });
    await expect(banner).toContainText('+390454684131');
    await page.screenshot({ path: testInfo.outputPath('01-ringing.png'), fullPage: true });
    await banner.getByRole('button', { name: 'Nuova richiesta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuova richiesta' });
    await expect(dialog).toContainText('Ferramenta Rossi');
    await expect(dialog.getByLabel('Canale')).toHaveValue('phone');
    await expect(dialog.getByLabel('Descrizione')).toHaveValue('Chiamata da +390454684131.');
    await page.keyboard.press('Escape');
    await pbx({ callId: 'call-1', event: 'answer', from: '+39 045 468 4131', agent: 'anna@test.it' });
    await pbx({ callId: 'call-1', event: 'hangup', from: '+39 045 468 4131' });
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Clienti' }).click();
    await page.getByRole('list', { name: 'Elenco clienti' }).getByRole('button', { name: /Ferramenta Rossi/ }).click();
    await page.getByRole('tab', { name: 'Storico' }).click();
    await expect(page.getByRole('list', { name: 'Telefonate del cliente' })).toContainText('risposta da Anna Tecnica');
    await page.screenshot({ path: testInfo.outputPath('02-call-log.png'), fullPage: true });
  } finally {
    await host.close();
    await core.close();
    data.remove();
    await server.stop();
  }
});

test('an admin sees what the channels are set to and issues a PBX key, shown once, then revokes it', async ({ browser }) => {
  test.setTimeout(90_000);
  const api = await startDemoApi();
  const opened = await openConsole('presidio-e2e-channels-admin-');
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(opened.host.url);
    await signIn(page, api.url, 'elena.conti@presidio.example');
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Canali' }).click();
    await expect(page.getByRole('heading', { name: 'Canali' })).toBeVisible();
    await expect(page.getByLabel('Configurazione dei canali')).toContainText('non configurato');
    await page.getByLabel('Centralino (es. sede principale)').fill('Sede di Verona');
    await page.getByRole('button', { name: 'Crea chiave' }).click();
    const key = (await page.locator('code.secret').textContent()) ?? '';
    expect(key).toMatch(/^cti_/);
    const ring = await fetch(`${api.url}/cti/calls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ callId: 'c-1', event: 'ring', from: '045 4684131' }) });
    expect(ring.status).toBe(200);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
    // WhatsApp set up here: the secrets are written and never read back.
    const whatsApp = page.getByRole('form', { name: 'WhatsApp Business' });
    await whatsApp.getByLabel('Identificativo del numero (Phone number ID)').fill('106540352242922');
    await whatsApp.getByLabel('Token di verifica del webhook').fill('verifica-del-desk');
    await whatsApp.getByLabel('Segreto dell’app').fill('segreto-app');
    await whatsApp.getByLabel('Token di accesso').fill('EAAG-token');
    await whatsApp.getByRole('button', { name: 'Salva WhatsApp' }).click();
    await expect(whatsApp.getByText('WhatsApp configurato')).toBeVisible();
    await expect(page.getByLabel('Configurazione dei canali')).toContainText('numero 106540352242922');
    await expect(whatsApp.getByLabel('Segreto dell’app')).toHaveValue('');
    const handshake = await fetch(`${api.url}/intake/whatsapp?hub.mode=subscribe&hub.verify_token=verifica-del-desk&hub.challenge=42`);
    expect(await handshake.text()).toBe('42');
    await page.getByRole('button', { name: 'Revoca la chiave Sede di Verona' }).click();
    await expect(page.getByRole('list', { name: 'Chiavi del centralino' })).toContainText('revocata');
    const refused = await fetch(`${api.url}/cti/calls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ callId: 'c-2', event: 'ring', from: '045 4684131' }) });
    expect(refused.status).toBe(401);
  } finally {
    await context.close();
    await opened.close();
    await api.stop();
  }
});
