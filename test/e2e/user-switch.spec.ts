import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { createUser } from '../../src/server/auth/auth.service.ts';
import { buildServer } from '../../src/server/app.ts';
import { recordChanges } from '../../src/server/sync/change-log.ts';
import { newId } from '../../src/shared/ids.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { createTestDatabase, testAuthPolicy } from '../support/server-engines.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

const password = 'password-di-prova';

/** One workstation, two technicians one after the other: the second sees nothing of the first's session. */
test('after «Esci», the next technician on the same console sees none of the previous one’s work', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  const database = await createTestDatabase('sqlite');
  const { db } = database.server;
  await createUser(db, { email: 'anna@leotron.it', displayName: 'Anna Tecnica', role: 'technician', password }, testAuthPolicy);
  await createUser(db, { email: 'bruno@leotron.it', displayName: 'Bruno Tecnico', role: 'technician', password }, testAuthPolicy);
  const customerId = newId();
  const stamp = new Date().toISOString();
  await db.insertInto('customers').values({ id: customerId, code: 'C200', name: 'Ottica Bianchi', vat_number: null, email: null, phone: null, city: 'Lecco', created_at: stamp, updated_at: stamp }).execute();
  await db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }, { entity: 'hour_bank', id: customerId }], new Date()));
  const api = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent' });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const data = makeTempDirectory('presidio-e2e-switch-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', autoSync: true });
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });

  const signIn = async (email: string) => {
    await page.getByRole('button', { name: 'Non connesso', exact: true }).click();
    const form = page.getByRole('form', { name: 'Accesso all’API centrale' });
    await form.getByLabel('Indirizzo dell’API centrale').fill(apiUrl);
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Accedi' }).click();
    await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
  };

  try {
    await page.addInitScript(() => localStorage.setItem('presidio.idleMinutes', '240'));
    await page.goto(host.url);
    await signIn('anna@leotron.it');

    await test.step('Anna takes a request and works on it', async () => {
      await page.getByRole('button', { name: 'Nuova richiesta' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nuova richiesta' });
      await dialog.getByLabel('Cliente', { exact: true }).fill('Bianchi');
      await dialog.getByRole('button', { name: /Ottica Bianchi/ }).click();
      await dialog.getByLabel('Oggetto').fill('Lettore codici a barre muto');
      await dialog.getByRole('button', { name: 'Registra richiesta' }).click();
      await expect(page.getByRole('heading', { level: 2, name: /Lettore codici a barre muto/ })).toBeVisible();
      await page.getByRole('button', { name: 'Avvia intervento' }).click();
      const start = page.getByRole('dialog', { name: 'Avvia intervento' });
      await start.getByLabel(/Confermo che programmi e archivi/).check();
      await start.getByRole('button', { name: 'Avvia' }).click();
      await expect(page.getByRole('button', { name: 'Pausa' }).first()).toBeVisible();
    });

    await test.step('«Esci» is refused while her timer runs, then accepted once paused and sent', async () => {
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      await page.getByRole('button', { name: 'Esci' }).click();
      await expect(page.getByRole('region', { name: 'Sincronizzazione' })).toContainText('Hai un intervento in corso');
      await page.getByRole('button', { name: 'Pausa' }).first().click();
      await expect(page.getByRole('button', { name: 'Riprendi' }).first()).toBeVisible();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await page.getByRole('button', { name: 'Esci' }).click();
      await expect(page.getByRole('button', { name: 'Non connesso', exact: true })).toBeVisible();
    });

    await test.step('signed out: no queue, no ticket, no timers of Anna', async () => {
      await expect(page.getByText('Nessun ticket trovato.')).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: /Lettore codici a barre muto/ })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Riprendi' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Termina intervento' })).toHaveCount(0);
      await shot('01-signed-out');
    });

    await test.step('Bruno signs in on the same console', async () => {
      await signIn('bruno@leotron.it');
      // The team's queue comes back from the server; Anna's open ticket view and her paused timer do not.
      // Anna took the ticket by starting work on it: it is not in Bruno's queue, only among everyone's.
      await expect(page.getByText('0 ticket')).toBeVisible();
      await page.getByRole('button', { name: 'Tutti', exact: true }).click();
      await expect(page.getByText('1 ticket')).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: /Lettore codici a barre muto/ })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Riprendi' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Pausa' })).toHaveCount(0);
      expect(core.sync.status()).toMatchObject({ user: { email: 'bruno@leotron.it' }, pending: 0 });
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Sincronizzazione' })).toContainText('Bruno Tecnico');
      await shot('02-second-user');
    });
  } finally {
    await host.close();
    await core.close();
    await api.close();
    await database.drop();
    data.remove();
  }
});
