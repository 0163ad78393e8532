import { test, expect } from '@playwright/test';
import { readHourBank } from '../../src/server/hour-bank/hour-bank.repository.ts';
import { formatMinutes } from '../../src/shared/format.ts';
import { openSignedInConsole, openTicket, startDemoApi, type OpenConsole } from './api-console.ts';

test('a technician takes a ticket; the team lead reassigns it with a reason the API audits', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const { db, url: apiUrl } = api;
  const free = await db.selectFrom('tickets').select(['id', 'number', 'priority']).where('assignee_id', 'is', null).where('status', '=', 'open').orderBy('number').executeTakeFirstOrThrow();
  const raised = free.priority === 'P1' ? 'P2' : 'P1';
  const marco = await db.selectFrom('users').select('id').where('email', '=', 'marco.esposito@presidio.example').executeTakeFirstOrThrow();
  const sara = await db.selectFrom('users').select('id').where('email', '=', 'sara.romano@presidio.example').executeTakeFirstOrThrow();
  const consoles: OpenConsole[] = [];
  try {
    const { page: techPage } = await openSignedInConsole(browser, apiUrl, 'marco.esposito@presidio.example', consoles);

    await test.step('«I miei e non assegnati» shows open work only', async () => {
      const rows = techPage.getByRole('list', { name: 'Elenco ticket' });
      await expect(rows.getByRole('button').first()).toBeVisible();
      await expect(rows.getByText('Chiuso', { exact: true })).toHaveCount(0);
    });

    await test.step('Marco takes an unassigned ticket', async () => {
      await openTicket(techPage, free.number);
      const card = techPage.getByRole('region', { name: 'Assegnazione' });
      await expect(card).toContainText('Assegnato a: nessuno');
      // A technician has no team controls.
      await expect(card.getByRole('form', { name: 'Assegna e cambia priorità' })).toHaveCount(0);
      await card.getByRole('button', { name: 'Prendi in carico' }).click();
      await expect(card).toContainText('Assegnato a: Marco Esposito');
      await expect(card.getByRole('button', { name: 'Rilascia' })).toBeVisible();
      await expect(techPage.getByText('Tutto inviato')).toBeVisible();
      await expect.poll(async () => (await db.selectFrom('tickets').select('assignee_id').where('id', '=', free.id).executeTakeFirstOrThrow()).assignee_id).toBe(marco.id);
      await techPage.screenshot({ path: testInfo.outputPath('01-technician-took-ticket.png') });
    });

    const { page: leadPage } = await openSignedInConsole(browser, apiUrl, 'giulia.ferrari@presidio.example', consoles);

    await test.step('the team lead reassigns Marco’s ticket to Sara: the reason is asked for and audited', async () => {
      await leadPage.getByRole('button', { name: 'Tutti', exact: true }).click();
      await openTicket(leadPage, free.number);
      const form = leadPage.getByRole('form', { name: 'Assegna e cambia priorità' });
      await expect(leadPage.getByRole('region', { name: 'Assegnazione' })).toContainText('Assegnato a: Marco Esposito');
      await form.getByLabel('Tecnico').selectOption({ label: 'Sara Romano' });
      await form.getByLabel('Priorità').selectOption(raised);
      const reason = form.getByLabel(/Motivo/);
      await expect(reason).toBeVisible();
      await reason.fill('Marco è dal cliente tutto il giorno');
      await leadPage.screenshot({ path: testInfo.outputPath('02-lead-reassigns.png') });
      await form.getByRole('button', { name: 'Salva assegnazione' }).click();
      await expect(leadPage.getByRole('region', { name: 'Assegnazione' })).toContainText('Assegnato a: Sara Romano');
      await expect(leadPage.getByText('Tutto inviato')).toBeVisible();
      await expect.poll(async () => db.selectFrom('tickets').select(['assignee_id', 'priority']).where('id', '=', free.id).executeTakeFirstOrThrow()).toEqual({ assignee_id: sara.id, priority: raised });
      const audit = await db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', free.id).orderBy('action').execute();
      expect(audit).toEqual([
        { action: 'ticket.assign', reason: 'Marco è dal cliente tutto il giorno' },
        { action: 'ticket.update', reason: 'Marco è dal cliente tutto il giorno' },
      ]);
      // «Storico modifiche», read from the API.
      const card = leadPage.getByRole('region', { name: 'Assegnazione' });
      await card.getByText('Storico modifiche').click();
      const trail = card.getByRole('list', { name: 'Storico modifiche' });
      await expect(trail).toContainText('Assegnazione cambiata');
      await expect(trail).toContainText('Motivo: Marco è dal cliente tutto il giorno');
      await expect(trail).toContainText('Giulia Ferrari');
      await expect(trail).toContainText('Assegnatario: Marco Esposito → Sara Romano');
      await leadPage.screenshot({ path: testInfo.outputPath('03-audit-trail.png') });
    });

    await test.step('the team lead grants free hours and registers a package on the customer card', async () => {
      const customerId = (await db.selectFrom('tickets').select('customer_id').where('id', '=', free.id).executeTakeFirstOrThrow()).customer_id;
      const before = await readHourBank(db, customerId);
      const card = leadPage.getByRole('region', { name: 'Cliente' });
      await card.getByRole('button', { name: 'Concedi ore gratuite' }).click();
      const grant = card.getByRole('form', { name: 'Concedi ore gratuite' });
      await grant.getByLabel('Ore').fill('2');
      await grant.getByLabel('Motivo').fill('Omaggio per il disservizio di ottobre');
      await grant.getByRole('button', { name: 'Concedi' }).click();
      await expect(card).toContainText('Concesse 2 h di ore gratuite.');
      await expect(card.getByRole('list', { name: 'Monte ore' })).toContainText(`Ore gratuite residue: ${formatMinutes(before.freeMinutes + 120)}`);
      await card.getByRole('button', { name: 'Registra pacchetto' }).click();
      const sale = card.getByRole('form', { name: 'Registra pacchetto' });
      await sale.getByLabel('Ore del pacchetto').fill('10');
      await sale.getByLabel('Tariffa oraria (€)').fill('70');
      await sale.getByRole('button', { name: 'Registra' }).click();
      await expect(card.getByRole('list', { name: 'Monte ore' }).getByText(/10 h su 10 h/)).toHaveCount(1);
      await expect(leadPage.getByText('Tutto inviato')).toBeVisible();
      await expect.poll(async () => (await readHourBank(db, customerId)).freeMinutes).toBe(before.freeMinutes + 120);
      const after = await readHourBank(db, customerId);
      expect(after.packages).toHaveLength(before.packages.length + 1);
      expect(after.packages.find((item) => !before.packages.some((old) => old.id === item.id))).toMatchObject({ totalMinutes: 600, remainingMinutes: 600 });
      await leadPage.screenshot({ path: testInfo.outputPath('03b-hour-bank.png') });
    });

    await test.step('after sync, the ticket leaves Marco’s queue', async () => {
      await techPage.getByRole('button', { name: 'Online', exact: true }).click();
      await techPage.getByRole('button', { name: 'Sincronizza ora' }).click();
      await techPage.getByRole('searchbox').fill(free.number);
      await expect(techPage.getByText('Nessun ticket trovato.')).toBeVisible();
      await techPage.screenshot({ path: testInfo.outputPath('04-technician-after-sync.png') });
    });
  } finally {
    for (const open of consoles) await open.close();
    await api.stop();
  }
});
