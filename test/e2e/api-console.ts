import { join } from 'node:path';
import { devices, expect, type Browser, type Page } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { buildServer } from '../../src/server/app.ts';
import { demoContactEmail, demoPassword, seedServerDemo } from '../../src/server/seed/server-demo-seed.ts';
import { createTestDatabase, testAuthPolicy } from '../support/server-engines.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

/** One console (a real core behind the browser host) for one person. */
export const openConsole = async (prefix: string) => {
  const data = makeTempDirectory(prefix);
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: true });
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  return {
    core,
    host,
    close: async () => {
      await host.close();
      await core.close();
      data.remove();
    },
  };
};

export const signIn = async (page: Page, apiUrl: string, email: string) => {
  await page.getByRole('button', { name: 'Non connesso', exact: true }).click();
  const form = page.getByRole('form', { name: 'Accesso all’API centrale' });
  await form.getByLabel('Indirizzo dell’API centrale').fill(apiUrl);
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Password').fill(demoPassword);
  await form.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
};

export const openTicket = async (page: Page, number: string) => {
  await page.getByRole('searchbox').fill(number);
  await page.getByRole('list', { name: 'Elenco ticket' }).getByRole('button', { name: new RegExp(number) }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(number) })).toBeVisible();
};

export type OpenConsole = Awaited<ReturnType<typeof openConsole>>;

/** A central API on loopback with the demo data (SQLite), as `npm run server -- --demo` has it. */
export const startDemoApi = async () => {
  const database = await createTestDatabase('sqlite');
  await seedServerDemo(database.server, { passwordCost: testAuthPolicy.passwordCost });
  // The built customer portal is served too, as `npm run server` does.
  const api = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent', portalDirectory: join(process.cwd(), 'out', 'portal') });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    db: database.server.db,
    url,
    stop: async () => {
      await api.close();
      await database.drop();
    },
  };
};

/** A person at their own console: a new core and browser host, a page on it, signed in to the API. */
export const openSignedInConsole = async (browser: Browser, apiUrl: string, email: string, consoles: OpenConsole[]) => {
  const opened = await openConsole(`presidio-e2e-${email.split('@')[0]}-`);
  consoles.push(opened);
  const page = await browser.newPage();
  await page.goto(opened.host.url);
  await signIn(page, apiUrl, email);
  return { ...opened, page };
};

/** The demo customer's contact on a phone (an iPhone's screen and touch in the same Chromium), signed in to the portal. */
export const openPortalOnPhone = async (browser: Browser, apiUrl: string) => {
  const { defaultBrowserType: _browserType, ...phone } = devices['iPhone 13'];
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${apiUrl}/portal/`);
  const form = page.getByRole('form', { name: 'Accesso al portale' });
  await form.getByLabel('E-mail').fill(demoContactEmail);
  await form.getByLabel('Password').fill(demoPassword);
  await form.getByRole('button', { name: 'Accedi' }).click();
  return { page, close: () => context.close() };
};

/** Opens the sync panel (unless open), syncs now and waits for the outcome the test expects. */
export const syncNow = async (page: Page, expected: 'Tutto inviato' | 'Offline' = 'Tutto inviato') => {
  const now = page.getByRole('button', { name: 'Sincronizza ora' });
  if (!(await now.isVisible())) await page.getByRole('button', { name: /Online|Offline|Sincronizzazione/ }).click();
  await now.click();
  if (expected === 'Offline') await expect(page.getByRole('button', { name: 'Offline', exact: true })).toBeVisible();
  else await expect(page.getByText('Tutto inviato')).toBeVisible();
};
