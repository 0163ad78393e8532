import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importKinds, type ImportKind } from '../../src/shared/import/import-kinds.ts';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

const chooseKind = async (page: Page, kind: ImportKind) => {
  const labels = { clienti: 'Clienti', contratti: 'Contratti di assistenza', dispositivi: 'Dispositivi venduti', 'monte-ore': 'Monte ore (ore gratuite e pacchetti)' } as const;
  await page.getByRole('radiogroup', { name: 'Tipo di file' }).getByLabel(labels[kind]).check();
};

/**
 * Putting the desk into service (issue 23): an admin imports the four files made from the
 * screen's templates (a bad file first: the preview lists its problems and nothing is written);
 * a technician's console then shows the new customer's J-System badge and the warranty of an
 * imported device by its serial; a team lead ends the contract and the next work follows.
 */
test('an admin imports the customer base from the templates; the desk works with it at once', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  try {
    const admin = await openSignedInConsole(browser, api.url, 'elena.conti@presidio.example', consoles);
    const page = admin.page;
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Importa' }).click();
    await expect(page.getByRole('heading', { name: 'Importa' })).toBeVisible();

    // A file with mistakes: every problem is listed by row and column, nothing is written.
    await chooseKind(page, 'clienti');
    await page.getByLabel('File da importare').setInputFiles({
      name: 'clienti-sbagliati.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('codice;ragione_sociale;partita_iva;email\r\nC0009;Errata S.r.l.;12345678901;\r\n;Senza codice;01234567897;posta\r\n', 'utf8'),
    });
    await page.getByRole('button', { name: 'Verifica senza importare' }).click();
    const problems = page.getByRole('table', { name: 'Righe rifiutate' });
    await expect(problems.getByRole('row', { name: /2 partita_iva partita IVA non valida/ })).toBeVisible();
    await expect(problems.getByRole('row', { name: /3 codice obbligatoria, è vuota/ })).toBeVisible();
    await expect(problems.getByRole('row', { name: /3 email «posta» non è un indirizzo e-mail/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Importa', exact: true })).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('01-import-preview-with-errors.png'), fullPage: true });
    expect(await api.db.selectFrom('customers').select('id').where('code', '=', 'C0009').execute()).toEqual([]);

    // The four templates, downloaded from the screen, checked and imported in order.
    for (const kind of importKinds) {
      await chooseKind(page, kind);
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: /Scarica il modello/ }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`modello-${kind}.csv`);
      const template = readFileSync(await download.path());
      await page.getByLabel('File da importare').setInputFiles({ name: `modello-${kind}.csv`, mimeType: 'text/csv', buffer: template });
      await page.getByRole('button', { name: 'Verifica senza importare' }).click();
      await expect(page.getByRole('heading', { name: '3. Anteprima (nulla è stato scritto)' })).toBeVisible();
      await expect(page.getByText(/Nessun problema: puoi importare/)).toBeVisible();
      await page.getByRole('button', { name: /^Importa \d+ righe$/ }).click();
      await expect(page.getByRole('heading', { name: 'Importato' })).toBeVisible();
      await expect(page.getByText(new RegExp(`import ${kind}: \\d+ righe, \\d+ nuove, 0 aggiornate, 0 invariate, 0 rifiutate`))).toBeVisible();
    }
    await page.screenshot({ path: testInfo.outputPath('02-import-done.png'), fullPage: true });
    const imported = await api.db.selectFrom('customers').select(['id', 'name', 'vat_number']).where('code', '=', 'C0001').executeTakeFirstOrThrow();
    expect(imported.name).toBe('Rossi Impianti S.r.l.');
    const audit = await api.db.selectFrom('audit_log').select('action').where('entity', '=', 'import').orderBy('created_at').execute();
    expect(audit.map((row) => row.action)).toEqual(['import.clienti', 'import.contratti', 'import.dispositivi', 'import.monte-ore']);

    // A technician's console knows the new customer at its next sync: J-System badge, warranty by serial.
    const technician = await openSignedInConsole(browser, api.url, 'marco.esposito@presidio.example', consoles);
    const tech = technician.page;
    await tech.getByRole('button', { name: 'Nuova richiesta' }).click();
    const intake = tech.getByRole('dialog', { name: 'Nuova richiesta' });
    await intake.getByLabel('Cliente', { exact: true }).fill('Rossi Impianti');
    await intake.getByRole('button', { name: /Rossi Impianti S\.r\.l\./ }).click();
    await intake.getByLabel('Oggetto').fill('Server lento dopo l’aggiornamento');
    await intake.getByRole('button', { name: 'Registra richiesta' }).click();
    await tech.getByRole('searchbox').fill('Server lento');
    const listed = tech.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: /Server lento dopo l’aggiornamento/ });
    await expect(listed).toContainText('J-System');
    await tech.getByRole('button', { name: 'Riparazioni' }).click();
    const repairs = tech.getByRole('dialog', { name: /Riparazioni/ });
    await repairs.getByLabel('Matricola').fill('SN-0001-XYZ');
    await repairs.getByRole('button', { name: 'Cerca' }).click();
    await expect(repairs.getByText(/Server Tower T150 · Rossi Impianti S\.r\.l\. · acquistato il 15 marzo 2025/)).toBeVisible();
    await expect(repairs.getByText(/In garanzia/i)).toBeVisible();
    await tech.screenshot({ path: testInfo.outputPath('03-technician-sees-imported-device.png'), fullPage: true });
    await repairs.getByRole('button', { name: 'Chiudi' }).click();

    // A team lead ends the J-System contract yesterday: the next intervention is standard assistance.
    const lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    await lead.page.getByRole('button', { name: 'Tutti', exact: true }).click();
    await lead.page.getByRole('searchbox').fill('Server lento');
    await lead.page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: /Server lento dopo l’aggiornamento/ }).click();
    const card = lead.page.getByRole('region', { name: 'Contratti' });
    await card.getByRole('button', { name: /Termina il contratto Assistenza estesa J-System/ }).click();
    const end = card.getByRole('form', { name: 'Termina il contratto' });
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' });
    await end.getByLabel('Ultimo giorno coperto').fill(yesterday);
    await end.getByLabel('Motivo').fill('Disdetta del cliente');
    await end.getByRole('button', { name: 'Conferma la fine' }).click();
    await expect(card.getByText(/Contratto terminato il/)).toBeVisible();
    await lead.page.getByRole('button', { name: 'Online', exact: true }).click();
    await lead.page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(lead.page.getByText('Tutto inviato')).toBeVisible();

    await tech.getByRole('button', { name: 'Online', exact: true }).click();
    await tech.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(listed).not.toContainText('J-System');
    await listed.click();
    const detail = tech.getByRole('article', { name: /Server lento dopo l’aggiornamento/ });
    await detail.getByRole('button', { name: 'Avvia intervento' }).click();
    const start = tech.getByRole('dialog', { name: 'Avvia intervento' });
    await start.getByLabel('Attività').selectOption('software_assistance');
    await start.getByLabel(/Confermo che programmi e archivi/).check();
    await start.getByRole('button', { name: 'Avvia' }).click();
    await expect(detail.getByRole('listitem', { name: /Intervento del/ })).toContainText('Incluso: assistenza standard');
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
