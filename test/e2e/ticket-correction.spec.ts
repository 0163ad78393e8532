import { expect, test } from '@playwright/test';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * What intake got wrong is corrected on the ticket (issue 22, item 2): the customer before any
 * work, the channel and priority freely; once work is logged the blocking flag changes money, so
 * the console asks why, and the API audits it and prices the work again.
 */
test('a technician corrects a ticket: customer before work, blocking with a reason after; work at the vendor’s premises with the standard conditions', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  const subject = `Cassetto bloccato ${Date.now().toString(36)}`;
  try {
    const { page } = await openSignedInConsole(browser, api.url, 'marco.esposito@presidio.example', consoles);
    await page.getByRole('button', { name: 'Nuova richiesta' }).click();
    const intake = page.getByRole('dialog', { name: 'Nuova richiesta' });
    await intake.getByLabel('Cliente', { exact: true }).fill('Esposito');
    await intake.getByRole('button', { name: /Panificio Esposito/ }).click();
    await intake.getByLabel('Oggetto').fill(subject);
    await intake.getByRole('button', { name: 'Registra richiesta' }).click();
    const detail = page.getByRole('article', { name: new RegExp(subject) });
    await expect(detail).toBeVisible();

    // Opened for the wrong customer, by the wrong channel: corrected before any work, no reason asked.
    await detail.getByRole('button', { name: 'Correggi il ticket' }).click();
    let dialog = page.getByRole('dialog', { name: /Correggi il ticket/ });
    await dialog.getByRole('button', { name: 'cambia cliente' }).click();
    await dialog.getByLabel('Cliente', { exact: true }).fill('Giordano');
    await dialog.getByRole('list', { name: 'Clienti trovati' }).getByRole('button', { name: /Gioielleria Giordano/ }).click();
    await dialog.getByLabel('Canale').selectOption('whatsapp');
    await dialog.getByLabel('Priorità').selectOption('P2');
    await expect(dialog.getByLabel('Motivo della correzione')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Salva le correzioni' }).click();
    await expect(dialog).toBeHidden();
    await expect(detail.getByRole('region', { name: 'Cliente' })).toContainText('Gioielleria Giordano');
    await expect(detail).toContainText('WhatsApp');

    // Some work, then the problem turns out to be blocking: the reason is asked, the price follows.
    await detail.getByRole('button', { name: 'Avvia intervento' }).click();
    const start = page.getByRole('dialog', { name: 'Avvia intervento' });
    await start.getByRole('radio', { name: 'Presso la nostra sede' }).check();
    await start.getByLabel('Attività').selectOption('software_assistance');
    // A standard activity asks the two conditions of standard assistance, yes by default.
    const conditions = start.getByRole('group', { name: 'Condizioni dell’assistenza standard' });
    await expect(conditions.getByLabel('Il software del cliente è all’ultima versione')).toBeChecked();
    await expect(conditions.getByLabel(/conformi alle linee guida/)).toBeChecked();
    await start.getByLabel('Attività').selectOption('consultancy');
    await expect(conditions).toHaveCount(0);
    await start.getByLabel('Attività').selectOption('software_assistance');
    await start.getByLabel(/Confermo che programmi e archivi/).check();
    await page.screenshot({ path: testInfo.outputPath('00-start-with-conditions.png'), fullPage: true });
    await start.getByRole('button', { name: 'Avvia' }).click();
    await detail.getByRole('button', { name: 'Termina intervento' }).click();
    await detail.getByRole('button', { name: 'Correggi il ticket' }).click();
    dialog = page.getByRole('dialog', { name: /Correggi il ticket/ });
    await dialog.getByLabel('Il problema blocca il lavoro del cliente').check();
    await expect(dialog.getByText(/cambia il prezzo del lavoro già registrato/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Salva le correzioni' })).toBeDisabled();
    await dialog.getByLabel('Motivo della correzione').fill('Il cliente richiama: non riesce a vendere');
    await page.screenshot({ path: testInfo.outputPath('01-correction-with-reason.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Salva le correzioni' }).click();
    await expect(dialog).toBeHidden();
    await expect(detail.locator('.badges').first()).toContainText('Bloccante');
    await page.screenshot({ path: testInfo.outputPath('02-corrected.png'), fullPage: true });

    await page.getByRole('button', { name: 'Online', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();
    const ticket = await api.db
      .selectFrom('tickets')
      .innerJoin('customers', 'customers.id', 'tickets.customer_id')
      .select(['tickets.id', 'tickets.channel', 'tickets.priority', 'tickets.blocking', 'customers.name'])
      .where('tickets.subject', '=', subject)
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ channel: 'whatsapp', priority: 'P2', blocking: 1, name: 'Gioielleria Giordano' });
    const audits = await api.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', ticket.id).where('action', '=', 'ticket.update').execute();
    expect(audits).toEqual([{ action: 'ticket.update', reason: 'Il cliente richiama: non riesce a vendere' }]);
    const work = await api.db.selectFrom('interventions').select(['mode', 'software_up_to_date', 'conforming_setup']).where('ticket_id', '=', ticket.id).execute();
    expect(work).toEqual([{ mode: 'vendor_site', software_up_to_date: 1, conforming_setup: 1 }]);
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
