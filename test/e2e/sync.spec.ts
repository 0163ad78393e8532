import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { seedServerDemo, demoPassword } from '../../src/server/seed/server-demo-seed.ts';
import { buildServer } from '../../src/server/app.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { createTestDatabase, testAuthPolicy } from '../support/server-engines.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

/** An empty console behind the browser host, and a central API with the demo data. */
const test = base.extend<{ setup: { consoleUrl: string; apiUrl: string } }>({
  setup: async ({}, use) => {
    const database = await createTestDatabase('sqlite');
    await seedServerDemo(database.server, { passwordCost: testAuthPolicy.passwordCost });
    const api = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent' });
    const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
    const data = makeTempDirectory('presidio-e2e-sync-');
    const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: true });
    const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
    await use({ consoleUrl: host.url, apiUrl });
    await host.close();
    await core.close();
    await api.close();
    await database.drop();
    data.remove();
  },
});

test('a technician logs in to the central API and the queue fills from it', async ({ page, setup }, testInfo) => {
  await page.goto(setup.consoleUrl);
  await expect(page.getByText('Nessun ticket trovato.')).toBeVisible();
  await page.getByRole('button', { name: 'Non connesso', exact: true }).click();
  const form = page.getByRole('form', { name: 'Accesso all’API centrale' });
  await form.getByLabel('Indirizzo dell’API centrale').fill(setup.apiUrl);
  await form.getByLabel('E-mail').fill('marco.esposito@presidio.example');
  await form.getByLabel('Password').fill('password sbagliata');
  await form.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mail o password non corretti.');
  await form.getByLabel('Password').fill(demoPassword);
  await form.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Tutti' }).click();
  await expect(page.getByText('200 ticket')).toBeVisible();
  await expect(page.getByText('Tutto inviato')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('synced-console.png') });
});
