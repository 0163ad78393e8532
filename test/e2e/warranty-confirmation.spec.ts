import { expect, test } from '@playwright/test';
import { addMonths, romeDay } from '../../src/shared/domain/index.ts';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * A purchase date a technician gives on the spot puts nothing under warranty until a team lead
 * confirms it (issue: backdated warranty): the technician sees it waiting, the lead confirms it in
 * «Riparazioni», and the repair is then under warranty on both consoles.
 */
test('a technician’s on-the-spot warranty waits for the lead, who confirms it', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  const serial = `SN-E2E-${Date.now().toString(36).toUpperCase()}`;
  try {
    const technician = await openSignedInConsole(browser, api.url, 'marco.esposito@presidio.example', consoles);
    const page = technician.page;
    await page.getByRole('button', { name: 'Riparazioni' }).click();
    const dialog = page.getByRole('dialog', { name: 'Riparazioni hardware' });
    await dialog.getByLabel('Matricola').fill(serial);
    await dialog.getByRole('button', { name: 'Cerca' }).click();
    await dialog.getByLabel('Cliente proprietario').fill('Giordano');
    await dialog.getByRole('list', { name: 'Clienti trovati' }).getByRole('button').first().click();
    await dialog.getByLabel('Modello').fill('Registratore di cassa RT-9');
    await dialog.getByLabel('Data di acquisto').fill(addMonths(romeDay(new Date()), -2));
    await expect(dialog.getByText(/Verdetto:/)).toContainText('Garanzia da confermare dal team leader');
    await dialog.getByLabel('Difetto segnalato').fill('Non stampa lo scontrino');
    await dialog.getByRole('button', { name: 'Registra riparazione' }).click();
    const repair = dialog.getByRole('listitem', { name: `Riparazione ${serial}` });
    await expect(repair).toContainText('Fuori garanzia');
    await expect(repair.getByRole('status')).toContainText('vale solo dopo la conferma del team leader');
    // The technician cannot confirm it.
    await expect(repair.getByRole('button', { name: /Conferma la garanzia/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('01-technician-waits.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await page.getByRole('button', { name: 'Online', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();

    const lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    await lead.page.getByRole('button', { name: 'Riparazioni' }).click();
    const leadDialog = lead.page.getByRole('dialog', { name: 'Riparazioni hardware' });
    const leadRepair = leadDialog.getByRole('listitem', { name: `Riparazione ${serial}` });
    await leadRepair.getByRole('button', { name: `Conferma la garanzia del dispositivo ${serial}` }).click();
    await expect(leadDialog.getByRole('listitem', { name: `Riparazione ${serial}` })).toContainText('In garanzia');
    await lead.page.screenshot({ path: testInfo.outputPath('02-lead-confirmed.png'), fullPage: true });
    // The API recorded who confirmed it.
    await leadDialog.getByRole('button', { name: 'Chiudi' }).click();
    await lead.page.getByRole('button', { name: 'Online', exact: true }).click();
    await lead.page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(lead.page.getByText('Tutto inviato')).toBeVisible();
    const device = await api.db.selectFrom('devices').select(['id', 'warranty_review']).where('serial', '=', serial).executeTakeFirstOrThrow();
    expect(device.warranty_review).toBeNull();
    const audit = await api.db.selectFrom('audit_log').select('action').where('entity_id', '=', device.id).orderBy('created_at').execute();
    expect(audit.map((row) => row.action)).toEqual(['device.warrantyReview', 'device.confirmWarranty']);
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
