import { expect, test } from '@playwright/test';
import { demoContactEmail } from '../../src/server/seed/server-demo-seed.ts';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/** An admin exports a contact's data as a PDF and erases the contact on request, from the customer card (issue 27, item 4). */
test('an admin exports and erases a customer contact’s personal data from the customer card', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  try {
    const contact = await api.db.selectFrom('customer_contacts').innerJoin('customers', 'customers.id', 'customer_contacts.customer_id').select(['customer_contacts.id', 'customers.name']).where('customer_contacts.email', '=', demoContactEmail).executeTakeFirstOrThrow();
    const { page } = await openSignedInConsole(browser, api.url, 'elena.conti@presidio.example', consoles);
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Clienti' }).click();
    await page.getByLabel('Cerca un cliente').fill(contact.name);
    await page.getByRole('list', { name: 'Elenco clienti' }).getByRole('button', { name: new RegExp(contact.name) }).click();
    const card = page.getByRole('article', { name: `Scheda cliente ${contact.name}` });
    await card.getByRole('tab', { name: 'Portale e J2K' }).click();
    const people = card.getByRole('list', { name: 'Referenti del portale' });
    const downloading = page.waitForEvent('download');
    await people.getByRole('group', { name: 'Dati personali di Referente demo' }).getByRole('button', { name: 'Esporta i dati (PDF)' }).click();
    expect((await downloading).suggestedFilename()).toBe(`dati-personali-${contact.id}.pdf`);
    await people.getByRole('button', { name: 'Cancella su richiesta' }).click();
    const form = people.getByRole('form', { name: 'Cancellazione dei dati di Referente demo' });
    await form.getByLabel('Richiesta (chi, quando, come)').fill('E-mail del referente del 2 dicembre 2026');
    await expect(form.getByRole('button', { name: 'Cancella i dati' })).toBeDisabled();
    await form.getByLabel(/Ho capito/).check();
    await form.getByRole('button', { name: 'Cancella i dati' }).click();
    await expect(card.getByText(/Dati di Referente demo cancellati/)).toBeVisible();
    await expect(people).toContainText('Contatto cancellato');
    await page.screenshot({ path: testInfo.outputPath('01-contact-erased.png'), fullPage: true });
    const stored = await api.db.selectFrom('customer_contacts').select(['email', 'disabled']).where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(stored.email).toMatch(/@cancellato\.invalid$/);
    expect(stored.disabled).toBe(1);
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
