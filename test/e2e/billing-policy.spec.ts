import { expect, test } from '@playwright/test';
import { createUser } from '../../src/server/auth/auth.service.ts';
import { demoPassword } from '../../src/server/seed/server-demo-seed.ts';
import { addDays, romeDay } from '../../src/shared/domain/index.ts';
import { testAuthPolicy } from '../support/server-engines.ts';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * The billing policy as data (issue 22, item 6): an admin sets a new hourly rate from a future day
 * in «Tariffe»; the API records the version and the consoles show it; a lead reads it and cannot change it.
 */
test('an admin sets a new rate from a future day; a lead reads it', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  try {
    await createUser(api.db, { email: 'ada.admin@presidio.example', displayName: 'Ada Admin', role: 'admin', password: demoPassword }, testAuthPolicy);
    const from = addDays(romeDay(new Date()), 1);
    const { page } = await openSignedInConsole(browser, api.url, 'ada.admin@presidio.example', consoles);
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Tariffe' }).click();
    await expect(page.getByRole('region', { name: 'Tariffa in vigore' })).toContainText(/80,00\s€ \+ IVA 22% all’ora/);
    const form = page.getByRole('form', { name: 'Nuova tariffa' });
    await form.getByLabel('In vigore dal').fill(from);
    await form.getByLabel('Tariffa oraria (€, netto)').fill('90,00');
    await form.getByLabel('Motivo').fill('Listino 2027');
    await form.getByRole('button', { name: 'Imposta la nuova tariffa' }).click();
    await expect(page.getByText(/Nuova tariffa in vigore dal/)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Versioni della tariffa' })).toContainText(/90,00\s€ \+ IVA 22%/);
    // Today's work keeps today's rate.
    await expect(page.getByRole('region', { name: 'Tariffa in vigore' })).toContainText(/80,00\s€/);
    await page.screenshot({ path: testInfo.outputPath('01-new-rate.png'), fullPage: true });
    await page.getByRole('button', { name: 'Online', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();
    const stored = await api.db.selectFrom('billing_policy').select('versions_json').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.versions_json)).toEqual([expect.objectContaining({ effectiveFrom: from, policy: expect.objectContaining({ hourlyRateCents: 9000, version: from }) })]);

    const lead = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    await lead.page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Tariffe' }).click();
    await expect(lead.page.getByRole('table', { name: 'Versioni della tariffa' })).toContainText(/90,00\s€/);
    await expect(lead.page.getByRole('form', { name: 'Nuova tariffa' })).toHaveCount(0);
    await expect(lead.page.getByText('Solo un amministratore può impostare una nuova tariffa.')).toBeVisible();
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
