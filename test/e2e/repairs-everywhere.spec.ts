import { expect, test } from '@playwright/test';
import { addMonths, romeDay } from '../../src/shared/domain/index.ts';
import { demoContactEmail } from '../../src/server/seed/server-demo-seed.ts';
import { openPortalOnPhone, openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * A repair is seen by everyone it concerns (issue 22, item 8): the technician registers and
 * finishes it at the bench, the lead finds it in «Giornata del team», the customer follows it on
 * the portal with the warranty verdict and the charge the API confirmed.
 */
test('a repair reaches the team’s day and the customer’s portal with its verdict and charge', async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  const serial = `SN-REP-${Date.now().toString(36).toUpperCase()}`;
  try {
    const customer = await api.db
      .selectFrom('customer_contacts')
      .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
      .select(['customers.name'])
      .where('customer_contacts.email', '=', demoContactEmail)
      .executeTakeFirstOrThrow();

    await test.step('the technician registers the device out of warranty, logs 45 minutes and finishes', async () => {
      const { page } = await openSignedInConsole(browser, api.url, 'marco.esposito@presidio.example', consoles);
      await page.getByRole('button', { name: 'Riparazioni' }).click();
      const dialog = page.getByRole('dialog', { name: 'Riparazioni hardware' });
      await dialog.getByLabel('Matricola').fill(serial);
      await dialog.getByRole('button', { name: 'Cerca' }).click();
      await dialog.getByLabel('Cliente proprietario').fill(customer.name.split(' ')[0]!);
      await dialog.getByRole('list', { name: 'Clienti trovati' }).getByRole('button', { name: new RegExp(customer.name) }).click();
      await dialog.getByLabel('Modello').fill('Stampante fiscale RT-80');
      // Bought three years ago: long out of warranty, nothing for a lead to confirm.
      await dialog.getByLabel('Data di acquisto').fill(addMonths(romeDay(new Date()), -36));
      await dialog.getByLabel('Difetto segnalato').fill('Non stampa lo scontrino');
      await dialog.getByRole('button', { name: 'Registra riparazione' }).click();
      const repair = dialog.getByRole('listitem', { name: `Riparazione ${serial}` });
      await repair.getByLabel('Diagnosi').fill('Testina termica bruciata');
      await repair.getByLabel('Manodopera (minuti)').fill('45');
      // A spare part out of warranty, and the transport at the flat fee.
      const parts = repair.getByRole('region', { name: 'Ricambi' });
      await parts.getByLabel('Ricambio').fill('Testina termica');
      await parts.getByLabel('Prezzo unitario (€, netto)').fill('35,00');
      await parts.getByRole('button', { name: 'Aggiungi ricambio' }).click();
      await expect(parts.getByRole('list', { name: 'Ricambi montati' })).toContainText('Testina termica × 1');
      await repair.getByLabel('Trasporto tra cliente e fornitore').check();
      await expect(repair.getByRole('list', { name: 'Addebiti della riparazione' })).toContainText(/Ricambi: 42,70\s€ IVA inclusa/);
      await expect(repair.getByRole('list', { name: 'Addebiti della riparazione' })).toContainText(/36,60\s€ IVA inclusa \(tariffa fissa\)/);
      await page.screenshot({ path: testInfo.outputPath('00-repair-parts.png'), fullPage: true });
      await repair.getByRole('button', { name: 'Salva' }).click();
      await repair.getByRole('button', { name: 'Passa a «In diagnosi»' }).click();
      await repair.getByRole('button', { name: 'Passa a «In riparazione»' }).click();
      await repair.getByRole('button', { name: 'Passa a «Pronto per la restituzione»' }).click();
      await expect(repair.getByRole('button', { name: /Passa a «Restituito»/ })).toBeVisible();
      await dialog.getByRole('button', { name: 'Chiudi' }).click();
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
    });

    await test.step('the lead finds it in the team’s day', async () => {
      const lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
      await lead.page.getByRole('link', { name: 'Giornata del team' }).click();
      const table = lead.page.getByRole('table', { name: 'Riparazioni del giorno' });
      const row = table.getByRole('row').filter({ hasText: serial });
      await expect(row).toContainText(customer.name);
      await expect(row).toContainText('Pronto per la restituzione');
      await expect(row).toContainText('Fuori garanzia');
      await expect(row).toContainText('ricevuta');
      // The API's figures: 45 minutes bill one hour, 80,00 € net.
      await expect(row).toContainText('80,00');
      await lead.page.screenshot({ path: testInfo.outputPath('01-team-day-repairs.png'), fullPage: true });
    });

    await test.step('the customer follows it on the portal, on a phone', async () => {
      const { page, close } = await openPortalOnPhone(browser, api.url);
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Riparazioni' }).click();
      const repair = page.getByRole('listitem', { name: `Riparazione ${serial}` });
      await expect(repair).toContainText('Pronto per la restituzione');
      await expect(repair).toContainText('Testina termica bruciata');
      await expect(repair).toContainText(/Fuori garanzia: scaduta il/);
      await expect(repair).toContainText(/tempo fatturato 1 h .*97,60/);
      await expect(repair).toContainText(/Ricambi: 42,70\s€ IVA inclusa\. Trasporto: 36,60\s€ IVA inclusa\./);
      await page.screenshot({ path: testInfo.outputPath('02-portal-repairs.png'), fullPage: true });
      await close();
    });
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
