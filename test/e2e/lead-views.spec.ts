import { expect, test } from '@playwright/test';
import { billingMonthOf } from '../../src/shared/domain/billing-period.ts';
import { newId } from '../../src/shared/ids.ts';
import { recordChanges } from '../../src/server/sync/change-log.ts';
import { demoContactEmail } from '../../src/server/seed/server-demo-seed.ts';
import { openPortalOnPhone, openSignedInConsole, openTicket, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * The lead's blind spots (issue 22, item 9): the open tickets each technician holds, what the
 * customers said of each technician's month (with a chart), and the customer's own choice for
 * when the hours run out, made on the portal and shown on the customer card.
 */
test('a lead sees the load per technician, the quality per technician, and the customer’s choice', async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  try {
    const contact = await api.db
      .selectFrom('customer_contacts')
      .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
      .select(['customers.id', 'customers.name'])
      .where('customer_contacts.email', '=', demoContactEmail)
      .executeTakeFirstOrThrow();

    await test.step('the customer chooses, on the phone, to be invoiced a consuntivo', async () => {
      const portal = await openPortalOnPhone(browser, api.url);
      // The preference lives on «Ore residue» (the home page is a dashboard).
      await portal.page.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Ore residue' }).click();
      await portal.page.getByRole('button', { name: 'Fatturate a consuntivo' }).click();
      await expect(portal.page.getByText(/Preferenza attuale: Fatturazione a consuntivo/)).toBeVisible();
      await portal.close();
    });

    // A customer rated a ticket closed this month: 4 out of 5 for the technician who held it.
    const rated = await api.db
      .selectFrom('tickets')
      .innerJoin('users', 'users.id', 'tickets.assignee_id')
      .select(['tickets.id', 'tickets.closed_at', 'users.display_name'])
      .where('tickets.status', '=', 'closed')
      .orderBy('tickets.closed_at', 'desc')
      .executeTakeFirstOrThrow();
    const feedbackId = newId();
    const at = rated.closed_at!;
    await api.db.insertInto('feedback_requests').values({ id: feedbackId, ticket_id: rated.id, token_hash: `e2e-${feedbackId}`, created_at: at, expires_at: new Date(Date.parse(at) + 86_400_000).toISOString(), rating: 4, comment: 'Gentili e veloci', submitted_at: at }).execute();
    await api.db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'feedback', id: feedbackId }], new Date()));

    const lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    const page = lead.page;

    await test.step('the customer card shows the customer’s choice', async () => {
      const ticket = await api.db.selectFrom('tickets').select('number').where('customer_id', '=', contact.id).executeTakeFirstOrThrow();
      await page.getByRole('button', { name: 'Tutti' }).click();
      await openTicket(page, ticket.number);
      await expect(page.getByLabel('Preferenza del cliente')).toContainText('Fatturazione a consuntivo');
      // The handling time's two legs, in support hours, against the priority's targets.
      const description = page.getByRole('region', { name: 'Descrizione' });
      await expect(description.getByText('Presa in carico')).toBeVisible();
      await expect(description.getByText('Risoluzione')).toBeVisible();
      await expect(description).toContainText(/obiettivo/);
    });

    await test.step('«Carico e qualità»: load per technician, quality per technician with a chart', async () => {
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Carico e qualità' }).click();
      const load = page.getByRole('table', { name: 'Carico per tecnico' });
      await expect(load.getByRole('row').nth(1)).toBeVisible();
      const open = await api.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'closed').executeTakeFirstOrThrow();
      const counted = await load.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(counted.reduce((sum, cell) => sum + Number(cell), 0)).toBe(Number(open.n));
      await page.getByLabel('Mese', { exact: true }).fill(billingMonthOf(at));
      const quality = page.getByRole('table', { name: 'Qualità per tecnico' });
      await expect(quality.getByRole('row', { name: new RegExp(rated.display_name) })).toContainText('4: 1');
      await expect(page.getByRole('img', { name: /Voto medio per tecnico/ })).toBeVisible();
      const handling = page.getByRole('table', { name: 'Tempi di gestione per priorità' });
      await page.getByLabel('Mese dei ticket chiusi').fill(billingMonthOf(at));
      await expect(handling.getByRole('row', { name: /P1/ })).toContainText(/obiettivo 30 min/);
      await page.screenshot({ path: testInfo.outputPath('01-load-and-quality.png'), fullPage: true });
    });

    await test.step('the lead sets the P1 targets in the calendar; the summary follows', async () => {
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Calendario' }).click();
      const targets = page.getByRole('table', { name: 'Obiettivi dei tempi di gestione' });
      await targets.getByLabel('Presa in carico entro, P1').fill('15');
      await targets.getByRole('button', { name: 'Salva gli obiettivi P1' }).click();
      await expect(page.getByText('Obiettivi P1 aggiornati.')).toBeVisible();
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Carico e qualità' }).click();
      await page.getByLabel('Mese dei ticket chiusi').fill(billingMonthOf(at));
      await expect(page.getByRole('table', { name: 'Tempi di gestione per priorità' }).getByRole('row', { name: /P1/ })).toContainText(/obiettivo 15 min/);
    });
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
