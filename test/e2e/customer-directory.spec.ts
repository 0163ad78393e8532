import { expect, test } from '@playwright/test';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * «Clienti» (issue 23, items 1 and 3): the directory searched by name, VAT number or city from the
 * console's replica, even with the API gone; a lead corrects the master data (a wrong VAT number is
 * refused in words) and registers a device; a technician reads the same card without editing.
 */
test('a lead finds a customer in the directory, corrects the master data and registers a device', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  let apiStopped = false;
  try {
    const customer = await api.db.selectFrom('customers').select(['id', 'name', 'code', 'vat_number', 'city']).orderBy('code').executeTakeFirstOrThrow();
    const { page } = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Clienti' }).click();
    const list = page.getByRole('list', { name: 'Elenco clienti' });
    await expect(page.getByText(/\d+ clienti/)).toBeVisible();
    await page.getByLabel('Cerca un cliente').fill(customer.vat_number ?? customer.code);
    await expect(list.getByRole('button')).toHaveCount(1);
    await list.getByRole('button', { name: new RegExp(customer.name) }).click();
    const card = page.getByRole('article', { name: `Scheda cliente ${customer.name}` });
    await expect(card.getByText(customer.code, { exact: true })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('01-directory.png') });

    await card.getByRole('button', { name: 'Modifica l’anagrafica' }).click();
    const form = card.getByRole('form', { name: 'Anagrafica del cliente' });
    await form.getByLabel('Partita IVA').fill('12345678901');
    await form.getByRole('button', { name: 'Salva l’anagrafica' }).click();
    await expect(form.getByText(/Partita IVA non valida: la cifra di controllo non corrisponde/)).toBeVisible();
    await form.getByLabel('Partita IVA').fill('01234567897');
    await form.getByLabel('Indirizzo').fill('Via Mazzini 12');
    await form.getByLabel('CAP').fill('37121');
    await form.getByLabel('Provincia').fill('vr');
    await form.getByRole('button', { name: 'Salva l’anagrafica' }).click();
    await expect(card.getByText('Anagrafica salvata.')).toBeVisible();
    await expect(card.getByText(/Via Mazzini 12, 37121 .* \(VR\)/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('02-customer-card.png') });

    await card.getByRole('tab', { name: 'Dispositivi' }).click();
    await card.getByRole('button', { name: 'Registra un dispositivo' }).click();
    const device = card.getByRole('form', { name: 'Nuovo dispositivo' });
    await device.getByLabel('Matricola').fill('nas-77-b');
    await device.getByLabel('Modello').fill('NAS 4 dischi');
    await device.getByLabel('Data di acquisto').fill('2025-06-30');
    await device.getByLabel('Mesi di garanzia (estensione inclusa)').fill('36');
    await device.getByRole('button', { name: 'Registra il dispositivo' }).click();
    await expect(card.getByRole('list', { name: 'Dispositivi' })).toContainText('NAS 4 dischi · matricola NAS-77-B · acquistato il 30 giugno 2025');
    await card.getByRole('tab', { name: 'Storico' }).click();
    await expect(card.getByRole('list', { name: 'Ticket del cliente' }).getByRole('listitem').first()).toBeVisible();

    await page.getByRole('button', { name: 'Online', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();
    expect(await api.db.selectFrom('customers').select(['vat_number', 'address', 'postal_code', 'province']).where('id', '=', customer.id).executeTakeFirstOrThrow()).toEqual({
      vat_number: '01234567897',
      address: 'Via Mazzini 12',
      postal_code: '37121',
      province: 'VR',
    });
    const audit = await api.db.selectFrom('audit_log').select('action').where('entity_id', '=', customer.id).where('action', '=', 'customer.update').execute();
    expect(audit).toHaveLength(1);
    expect(await api.db.selectFrom('devices').select(['customer_id', 'warranty_review']).where('serial', '=', 'NAS-77-B').executeTakeFirstOrThrow()).toEqual({ customer_id: customer.id, warranty_review: null });

    // A technician reads the directory without editing it, offline too.
    const technician = await openSignedInConsole(browser, api.url, 'sara.romano@presidio.example', consoles);
    await api.stop();
    apiStopped = true;
    await technician.page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Clienti' }).click();
    await technician.page.getByLabel('Cerca un cliente').fill('Via');
    await technician.page.getByLabel('Cerca un cliente').fill(customer.name.split(' ')[0] ?? customer.name);
    await technician.page.getByRole('list', { name: 'Elenco clienti' }).getByRole('button', { name: new RegExp(customer.name) }).click();
    const readOnly = technician.page.getByRole('article', { name: `Scheda cliente ${customer.name}` });
    await expect(readOnly.getByText('01234567897')).toBeVisible();
    await expect(readOnly.getByRole('button', { name: 'Modifica l’anagrafica' })).toHaveCount(0);
  } finally {
    for (const opened of consoles) await opened.close();
    if (!apiStopped) await api.stop();
  }
});
