import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { newId } from '../../src/shared/ids.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { openTicket } from './api-console.ts';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

test('on a laptop, the customer reads the work report, signs it with the mouse, and the PDF carries the signature and the fingerprint the API receives', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startTestServer('sqlite');
  const anna = await server.consoleFor('anna@test.it');
  const ticketId = newId();
  const interventionId = newId();
  await anna.push([
    anna.command('ticket.create', { id: ticketId, number: 'SEDE-1', customerId: server.customerId, channel: 'phone', subject: 'Il server del negozio non si accende', description: '', priority: 'P2', blocking: true, openedAt: minutesAgo(120) }),
    anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'on_site', activity: 'hardware_repair', backupCheck: 'confirmed', startedAt: minutesAgo(75) }),
    anna.command('intervention.edit', { interventionId, changes: { notes: 'Sostituito l’alimentatore del server.' } }),
    anna.command('intervention.stop', { interventionId, at: minutesAgo(15) }),
  ]);
  const data = makeTempDirectory('presidio-e2e-report-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: false });
  await core.sync.login(server.url, 'anna@test.it', password);
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  try {
    await page.goto(host.url);
    await openTicket(page, 'SEDE-1');
    await page.getByRole('button', { name: 'Rapportino d’intervento' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rapportino d’intervento' });
    await dialog.getByLabel('Materiali e ricambi usati').fill('Alimentatore ATX 500 W');
    await dialog.getByLabel('Prossimi passi').fill('Controllo tra una settimana.');
    const preview = dialog.getByRole('region', { name: 'Rapportino' });
    await expect(preview).toContainText('Ferramenta Rossi');
    await expect(preview).toContainText('Lavorato 1 h');
    await expect(preview).toContainText('Alimentatore ATX 500 W');
    await expect(preview).toContainText('provvisori');
    // The customer signs with the mouse.
    const pad = dialog.getByRole('img', { name: 'Riquadro per la firma del cliente' });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let step = 1; step <= 20; step++) await page.mouse.move(box.x + box.width * (0.1 + step * 0.035), box.y + box.height * (0.6 - 0.3 * Math.sin(step / 3)));
    await page.mouse.up();
    await dialog.getByLabel('Nome di chi firma').fill('Mario Rossi');
    await shot('01-report-signed-on-laptop');
    await dialog.getByRole('button', { name: 'Firma e registra' }).click();
    await expect(dialog.getByText(/Rapportino registrato \(versione 1\)/)).toBeVisible();
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Apri il PDF' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('rapportino-SEDE-1-v1.pdf');
    const file = testInfo.outputPath('rapportino.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    expect(text).toContain('Firmato da: Mario Rossi');
    expect(text).toContain('Alimentatore ATX 500 W');
    const images = execFileSync('pdfimages', ['-list', file]).toString('utf8').trim().split('\n').slice(2).filter((line) => line.trim().split(/\s+/)[2] === 'image');
    expect(images).toHaveLength(1);
    // What the customer sees on the laptop: the PDF's page as an image.
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, testInfo.outputPath('02-report-pdf')]);
    expect(readFileSync(testInfo.outputPath('02-report-pdf.png')).length).toBeGreaterThan(1000);
    await dialog.getByRole('button', { name: 'Chiudi', exact: true }).last().click();
    await expect(page.getByRole('region', { name: 'Rapportini d’intervento' })).toContainText('Versione 1');
    await shot('03-ticket-with-report');
    // At the next sync the API holds it, with the fingerprint the PDF prints.
    await page.getByRole('button', { name: /Online|Offline|Sincronizzazione/ }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();
    const stored = await server.db.selectFrom('work_reports').select(['content_hash', 'version']).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(stored.version).toBe(1);
    expect(text.replaceAll(/\s+/g, '')).toContain(stored.content_hash);
  } finally {
    await context.close();
    await host.close();
    await core.close();
    data.remove();
    await server.stop();
  }
});
