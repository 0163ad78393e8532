import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importKinds, type ImportKind } from '../../src/shared/import/import-kinds.ts';
import { openConsole, openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

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
    // (The demo desk's own customer base came through the import too, with no actor.)
    const elena = await api.db.selectFrom('users').select('id').where('email', '=', 'elena.conti@presidio.example').executeTakeFirstOrThrow();
    const audit = await api.db.selectFrom('audit_log').select('action').where('entity', '=', 'import').where('actor_id', '=', elena.id).orderBy('created_at').execute();
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

    // The admin disables the technician, who has left: the technician's console signs out at its next sync.
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Utenti' }).click();
    const marco = page.getByRole('listitem', { name: /Marco Esposito, Tecnico/ });
    await marco.getByRole('button', { name: 'Disattiva' }).click();
    const disabling = marco.getByRole('form', { name: 'Disattiva l’account di Marco Esposito' });
    await disabling.getByLabel('Motivo').fill('Ha lasciato l’azienda');
    await disabling.getByRole('button', { name: 'Conferma la disattivazione' }).click();
    await expect(page.getByText(/Marco Esposito è disattivato/)).toBeVisible();
    await expect(marco).toContainText('Disattivato');
    await page.screenshot({ path: testInfo.outputPath('04-users.png'), fullPage: true });

    // (Its sync panel is still open from the sync above.)
    await tech.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(tech.getByRole('button', { name: 'Non connesso', exact: true })).toBeVisible();
    await expect(tech.getByText(/Account disattivato da un amministratore/)).toBeVisible();
    await expect(tech.getByText('Server lento dopo l’aggiornamento')).toHaveCount(0);
    await tech.screenshot({ path: testInfo.outputPath('05-disabled-console-signed-out.png'), fullPage: true });
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});

/**
 * Password recovery as a technician lives it: «Password dimenticata?» at the console's sign-in, the
 * mailed link opens the page to choose a new one, and the console signs in with it.
 */
test('a technician recovers a forgotten password from the console’s sign-in', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  try {
    const opened = await openConsole('presidio-e2e-recovery-');
    consoles.push(opened);
    const page = await browser.newPage();
    await page.goto(opened.host.url);
    await page.getByRole('button', { name: 'Non connesso', exact: true }).click();
    const form = page.getByRole('form', { name: 'Accesso all’API centrale' });
    await form.getByLabel('Indirizzo dell’API centrale').fill(api.url);
    await form.getByLabel('E-mail').fill('sara.romano@presidio.example');
    await form.getByRole('button', { name: 'Password dimenticata?' }).click();
    await expect(form.getByText(/Se l’indirizzo corrisponde a un account attivo, riceverai un’e-mail/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('01-forgot-password.png') });

    const mail = await api.db.selectFrom('mail_outbox').select(['body', 'subject']).where('recipient', '=', 'sara.romano@presidio.example').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Nuova password');
    const link = /(http\S+\/portal\/#\/password\/[A-Za-z0-9_-]+)/.exec(mail.body ?? '')?.[1] ?? '';
    const linkPage = await browser.newPage();
    // The mail links to the public address; the test's API listens on its own port.
    await linkPage.goto(`${api.url}/portal/#/password/${link.split('/').at(-1)}`);
    const choose = linkPage.getByRole('form', { name: 'Nuova password' });
    await choose.getByLabel('Nuova password').fill('la-mia-nuova-password');
    await choose.getByLabel('Ripeta la password').fill('la-mia-nuova-password');
    await choose.getByRole('button', { name: 'Salva la password' }).click();
    await expect(linkPage.getByText(/Ora accedi alla console Presidio con sara\.romano@presidio\.example/)).toBeVisible();
    await linkPage.screenshot({ path: testInfo.outputPath('02-password-chosen.png') });

    await form.getByLabel('Password', { exact: true }).fill('la-mia-nuova-password');
    await form.getByRole('button', { name: 'Accedi' }).click();
    await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
  } finally {
    for (const closing of consoles) await closing.close();
    await api.stop();
  }
});
