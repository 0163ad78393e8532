import { test, expect, devices, type Page } from '@playwright/test';
import { demoContactEmail, demoPassword } from '../../src/server/seed/server-demo-seed.ts';
import { openSignedInConsole, openTicket, startDemoApi, type OpenConsole } from './api-console.ts';

test('a customer on a phone: signs in, reads classification and worked vs billed time, residual hours per pot, buys a package, opens a request the technicians receive', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  let lead: (OpenConsole & { page: Page }) | undefined;
  // A phone's screen and touch, in the same Chromium (the device's browser type does not apply to a context).
  const { defaultBrowserType: _browserType, ...phone } = devices['iPhone 13'];
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  try {
    // A ticket of the demo contact's customer whose work the API has evaluated.
    const contact = await api.db
      .selectFrom('customer_contacts')
      .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
      .select(['customer_contacts.customer_id', 'customers.name'])
      .where('customer_contacts.email', '=', demoContactEmail)
      .executeTakeFirstOrThrow();
    const customerName = contact.name;
    const evaluated = await api.db
      .selectFrom('tickets')
      .innerJoin('interventions', 'interventions.ticket_id', 'tickets.id')
      .select(['tickets.number', 'interventions.billing_json'])
      .where('tickets.customer_id', '=', contact.customer_id)
      .where('interventions.billing_json', 'is not', null)
      .orderBy('tickets.opened_at', 'desc')
      .executeTakeFirstOrThrow();
    const figures = JSON.parse(evaluated.billing_json!) as { workedSeconds: number; billedMinutes: number };

    await test.step('signs in and sees the residual hours per pot', async () => {
      await page.goto(`${api.url}/portal/`);
      const form = page.getByRole('form', { name: 'Accesso al portale' });
      await form.getByLabel('E-mail').fill(demoContactEmail);
      await form.getByLabel('Password').fill(demoPassword);
      await form.getByRole('button', { name: 'Accedi' }).click();
      await expect(page.getByRole('heading', { name: 'Ore residue' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Ore per fonte' }).getByRole('heading', { name: 'Ore gratuite' })).toBeVisible();
      await shot('01-hours');
    });

    await test.step('reads a request: classification, worked vs billed time in the list and on its page', async () => {
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Richieste', exact: true }).click();
      await page.getByLabel('Cerca per numero o oggetto').fill(evaluated.number);
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      const row = page.getByRole('list', { name: 'Richieste' }).getByRole('listitem').filter({ hasText: evaluated.number }).first();
      await expect(row).toContainText('lavorato');
      await expect(row).toContainText('fatturato');
      await row.getByRole('link').click();
      const ticket = page.getByRole('article');
      await expect(ticket.getByText('Classificazione').first()).toBeVisible();
      await expect(ticket.getByText('Tempo lavorato').first()).toBeVisible();
      await expect(ticket.getByText('Tempo fatturato').first()).toBeVisible();
      const billed = figures.billedMinutes;
      await expect(ticket).toContainText(billed === 0 ? 'nessun addebito' : billed % 60 === 0 ? `${billed / 60} h` : `${billed % 60} min`);
      await shot('02-ticket');
    });

    await test.step('buys a package; once an admin confirms the payment the residual grows', async () => {
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Pacchetti' }).click();
      await page.getByRole('button', { name: 'Acquista Pacchetto 10 ore' }).click();
      await page.getByRole('button', { name: /Conferma l’ordine di 878,40/ }).click();
      await expect(page.getByRole('list', { name: 'Ordini' })).toContainText('in attesa di pagamento');
      await shot('03-order');
      // The lead registers the payment in the console's «Pacchetti».
      lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
      await lead.page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Pacchetti' }).click();
      await lead.page.getByRole('button', { name: `Registra il pagamento di ${customerName}` }).click();
      await expect(lead.page.getByText(`Pagamento registrato: Pacchetto 10 ore attivo per ${customerName}.`)).toBeVisible();
      await lead.page.screenshot({ path: testInfo.outputPath('03b-lead-confirms.png'), fullPage: true });
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Ore residue' }).click();
      await expect(page.getByRole('list', { name: 'Ore per fonte' })).toContainText('10 h su 10 h');
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Pacchetti' }).click();
      await expect(page.getByRole('list', { name: 'Ordini' })).toContainText('attivo');
    });

    let number = '';
    await test.step('opens a request from the online form', async () => {
      await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Nuova richiesta' }).click();
      const form = page.getByRole('form', { name: 'Nuova richiesta' });
      // The guidelines' «what to do before asking for help», before the form and in the confirmation.
      await expect(page.getByRole('complementary', { name: 'Prima di richiedere assistenza' })).toContainText('copia di sicurezza');
      await form.getByLabel('Oggetto').fill('La stampante fiscale non emette scontrini');
      await form.getByLabel('Descrizione del problema').fill('Da questa mattina, errore 23.');
      await form.getByLabel('Il problema blocca il lavoro').check();
      await form.getByRole('button', { name: 'Invia la richiesta' }).click();
      const registered = page.getByText(/Richiesta W-\d{6}-[0-9A-F]{6} registrata/);
      await expect(registered).toBeVisible();
      await expect(registered).toContainText('copia di sicurezza di programmi e archivi');
      number = /W-\d{6}-[0-9A-F]{6}/.exec((await registered.textContent()) ?? '')?.[0] ?? '';
      await shot('04-request');
    });

    await test.step('the request reaches a technician’s console after sync', async () => {
      const technician = await openSignedInConsole(browser, api.url, 'marco.esposito@presidio.example', consoles);
      await technician.page.getByRole('button', { name: 'Tutti', exact: true }).click();
      await openTicket(technician.page, number);
      await expect(technician.page.getByText(/Modulo online · aperto il/)).toBeVisible();
    });

    await test.step('the lead invites another contact and connects a J2K installation from the customer card', async () => {
      const leadPage = lead!.page;
      await leadPage.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Coda' }).click();
      await leadPage.getByRole('button', { name: 'Tutti', exact: true }).click();
      await openTicket(leadPage, evaluated.number);
      const admin = leadPage.getByRole('region', { name: 'Portale clienti e J2K' });
      await admin.getByLabel('Nome del referente').fill('Anna Giordano');
      await admin.getByLabel('E-mail del referente').fill('anna@giordano.example');
      await admin.getByRole('button', { name: 'Invia invito' }).click();
      await expect(admin.getByText('Invito inviato a anna@giordano.example')).toBeVisible();
      await expect(admin.getByRole('list', { name: 'Referenti del portale' })).toContainText('anna@giordano.example invitato');
      expect(await api.db.selectFrom('mail_outbox').select('subject').where('recipient', '=', 'anna@giordano.example').execute()).toEqual([{ subject: 'Il suo accesso al portale assistenza' }]);
      await admin.getByLabel('Installazione (es. server del negozio)').fill('Server del negozio');
      await admin.getByRole('button', { name: 'Crea chiave' }).click();
      const key = (await admin.locator('code.secret').textContent()) ?? '';
      expect(key).toMatch(/^j2k_/);
      await expect(admin.getByRole('list', { name: 'Chiavi J2K' })).toContainText('Server del negozio');
      await leadPage.screenshot({ path: testInfo.outputPath('05-lead-portal-admin.png'), fullPage: true });
      const j2k = await fetch(`${api.url}/intake/j2k`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ requestId: 'J2K-1', subject: 'Errore 17 in fatturazione' }) });
      expect(((await j2k.json()) as { value: { created: boolean } }).value.created).toBe(true);
    });

    await test.step('the invited contact follows the link, chooses a password and signs in', async () => {
      const invite = await api.db.selectFrom('mail_outbox').select('body').where('recipient', '=', 'anna@giordano.example').executeTakeFirstOrThrow();
      const token = /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(invite.body ?? '')?.[1] ?? '';
      const invited = await browser.newPage();
      await invited.goto(`${api.url}/portal/#/invito/${token}`);
      const form = invited.getByRole('form', { name: 'Scelta della password' });
      // The same rule as the API, said before the contact types and applied before sending.
      await form.getByLabel('Nuova password').fill(' '.repeat(12));
      await form.getByLabel('Ripeta la password').fill(' '.repeat(12));
      await form.getByRole('button', { name: 'Imposta la password' }).click();
      await expect(form.getByRole('alert')).toContainText('almeno 12 caratteri');
      await invited.screenshot({ path: testInfo.outputPath('06-invite-password-rule.png'), fullPage: true });
      await form.getByLabel('Nuova password').fill('la-mia-password-sicura');
      await form.getByLabel('Ripeta la password').fill('la-mia-password-sicura');
      await form.getByRole('button', { name: 'Imposta la password' }).click();
      await expect(invited.getByText('Ora può accedere con anna@giordano.example')).toBeVisible();
      await invited.getByRole('button', { name: 'Vai all’accesso' }).click();
      const login = invited.getByRole('form', { name: 'Accesso al portale' });
      await login.getByLabel('E-mail').fill('anna@giordano.example');
      await login.getByLabel('Password').fill('la-mia-password-sicura');
      await login.getByRole('button', { name: 'Accedi' }).click();
      await expect(invited.getByText(customerName).first()).toBeVisible();
      await invited.close();
    });
  } finally {
    await context.close();
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
