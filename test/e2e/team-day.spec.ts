import { test, expect } from '@playwright/test';
import { romeDay } from '../../src/shared/domain/index.ts';
import { formatDateTime } from '../../src/shared/format.ts';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

test('the team lead reviews a day per technician and approves work; technicians have no team screen', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const { db, url: apiUrl } = api;
  // A day of the demo data with finished, unapproved work that the API classified as included.
  const sample = await db
    .selectFrom('interventions')
    .innerJoin('users', 'users.id', 'interventions.technician_id')
    .select(['interventions.id', 'interventions.started_at', 'users.display_name'])
    .where('interventions.status', '=', 'stopped')
    .where('interventions.approved', '=', 0)
    .where('interventions.billing_json', 'is not', null)
    .where('interventions.billing_json', 'not like', '%"tier":"billable"%')
    .orderBy('interventions.started_at', 'desc')
    .executeTakeFirstOrThrow();
  const day = romeDay(sample.started_at);
  const consoles: OpenConsole[] = [];
  try {
    const technician = await openSignedInConsole(browser, apiUrl, 'marco.esposito@presidio.example', consoles);
    const techPage = technician.page;
    await test.step('a technician sees no team screen, not even by its address', async () => {
      await expect(techPage.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Giornata del team' })).toHaveCount(0);
      await techPage.goto(`${technician.host.url.split('#')[0]}#/team`);
      await expect(techPage.getByText('Questa schermata è riservata ai team leader.')).toBeVisible();
    });

    const { page } = await openSignedInConsole(browser, apiUrl, 'giulia.ferrari@presidio.example', consoles);

    await test.step('the day, per technician, from the local copy', async () => {
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Giornata del team' }).click();
      await expect(page.getByRole('heading', { name: 'Giornata del team' })).toBeVisible();
      await page.getByLabel('Giorno', { exact: true }).fill(day);
      const table = page.getByRole('table', { name: 'Tecnici del giorno' });
      await expect(table.getByRole('button', { name: sample.display_name })).toBeVisible();
      // The figures are the replica's: as many interventions as the API has that day for that technician.
      const rows = await db
        .selectFrom('interventions')
        .innerJoin('users', 'users.id', 'interventions.technician_id')
        .select(['interventions.started_at'])
        .where('users.display_name', '=', sample.display_name)
        .execute();
      const thatDay = rows.filter((row) => romeDay(row.started_at) === day).length;
      await expect(table.getByRole('row').filter({ hasText: sample.display_name }).getByRole('cell').nth(1)).toHaveText(String(thatDay));
      await page.screenshot({ path: testInfo.outputPath('01-team-day.png') });
    });

    await test.step('drill down and approve one intervention', async () => {
      await page.getByRole('table', { name: 'Tecnici del giorno' }).getByRole('button', { name: sample.display_name }).click();
      const section = page.getByRole('region', { name: `Interventi di ${sample.display_name}` });
      const boxes = section.getByRole('checkbox');
      // The technician's interventions come with the drill-down.
      await expect(boxes.first()).toBeVisible();
      const before = await boxes.count();
      expect(before).toBeGreaterThan(0);
      await boxes.first().check();
      await section.getByRole('button', { name: 'Approva selezionati (1)' }).click();
      await expect(section).toContainText('1 intervento approvato');
      await expect(boxes).toHaveCount(before - 1);
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await expect
        .poll(async () => (await db.selectFrom('interventions').select('id').where('approved', '=', 1).where('technician_id', 'in', db.selectFrom('users').select('id').where('display_name', '=', sample.display_name)).execute()).length)
        .toBeGreaterThan(0);
      await page.screenshot({ path: testInfo.outputPath('02-approved.png') });
    });

    await test.step('correct an intervention’s activity with a reason: the API bills it again and audits it', async () => {
      const section = page.getByRole('region', { name: `Interventi di ${sample.display_name}` });
      const target = await db.selectFrom('interventions').select(['id', 'started_at']).where('id', '=', sample.id).executeTakeFirstOrThrow();
      // Consultancy is value-added work: billable whatever the contract.
      const activity = 'Consulenza: analisi, test, integrazioni, formazione';
      const number = (await db.selectFrom('tickets').innerJoin('interventions', 'interventions.ticket_id', 'tickets.id').select('tickets.number').where('interventions.id', '=', sample.id).executeTakeFirstOrThrow()).number;
      await section.getByRole('button', { name: `Correggi l’intervento ${number} delle ${formatDateTime(target.started_at)}`, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Correggi intervento' });
      await dialog.getByLabel('Attività').selectOption({ label: activity });
      // Sara's work, corrected by the lead: the reason is asked for.
      await dialog.getByLabel('Motivo della correzione', { exact: true }).fill('Attività registrata per errore');
      await dialog.getByRole('button', { name: 'Registra la correzione' }).click();
      await expect(dialog).toBeHidden();
      await expect(section).toContainText('Correzione registrata');
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      // Classified and charged again by the API: now billable, with a charge.
      await expect
        .poll(async () => (JSON.parse((await db.selectFrom('interventions').select('billing_json').where('id', '=', sample.id).executeTakeFirstOrThrow()).billing_json ?? '{}') as { tier?: string }).tier)
        .toBe('billable');
      await expect(section.getByRole('row').filter({ hasText: formatDateTime(target.started_at) })).toContainText('A pagamento');
      const audit = await db.selectFrom('audit_log').select(['reason']).where('entity_id', '=', sample.id).where('action', '=', 'intervention.edit').executeTakeFirstOrThrow();
      expect(audit.reason).toBe('Attività registrata per errore');
      await page.screenshot({ path: testInfo.outputPath('03-corrected.png') });
    });
  } finally {
    for (const open of consoles) await open.close();
    await api.stop();
  }
});
