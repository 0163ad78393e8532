import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { createUser } from '../../src/server/auth/auth.service.ts';
import { buildServer } from '../../src/server/app.ts';
import { recordChanges } from '../../src/server/sync/change-log.ts';
import { addMonths } from '../../src/shared/domain/index.ts';
import { newId } from '../../src/shared/ids.ts';
import { startWebHost, type WebHost } from '../../src/web-host/web-host.ts';
import { createTestDatabase, testAuthPolicy, type TestDatabase } from '../support/server-engines.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

/**
 * A technician's day, end to end: a real central API on loopback, a real console core behind the
 * browser host, the real renderer in Chromium. Time is the test's in the page and in the core.
 */
const start = new Date('2026-11-23T08:30:00.000Z'); // Monday 09:30 in Rome
const password = 'password-di-prova';

test('intake, timer with live billing, pause, cause customer, offline work, warranty, host restart', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  let now = new Date(start);
  const clock = () => now;
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`) });

  // Central data: a technician, a customer with a standard contract, two devices bought 11 and 13 months ago.
  const database: TestDatabase = await createTestDatabase('sqlite');
  const { db } = database.server;
  await createUser(db, { email: 'anna@leotron.it', displayName: 'Anna Tecnica', role: 'technician', password }, testAuthPolicy);
  const customerId = newId();
  const today = '2026-11-23';
  const stamp = start.toISOString();
  await db.insertInto('customers').values({ id: customerId, code: 'C100', name: 'Ferramenta Rossi', vat_number: null, email: 'rossi@example.it', phone: '0301234567', city: 'Brescia', created_at: stamp, updated_at: stamp }).execute();
  const contractId = newId();
  await db.insertInto('contracts').values({ id: contractId, customer_id: customerId, kind: 'standard', valid_from: '2026-01-01', valid_to: '2026-12-31', created_at: stamp, updated_at: stamp }).execute();
  const recent = newId();
  const old = newId();
  await db.insertInto('devices').values([
    { id: recent, customer_id: customerId, model: 'Cassa touch TX-150', serial: 'SN-RECENTE', purchase_date: addMonths(today, -11), warranty_months: 12, created_at: stamp, updated_at: stamp },
    { id: old, customer_id: customerId, model: 'Stampante fiscale RT-80', serial: 'SN-VECCHIA', purchase_date: addMonths(today, -13), warranty_months: 12, created_at: stamp, updated_at: stamp },
  ]).execute();
  await db.transaction().execute((trx) =>
    recordChanges(trx, [{ entity: 'customer', id: customerId }, { entity: 'hour_bank', id: customerId }, { entity: 'contract', id: contractId }, { entity: 'device', id: recent }, { entity: 'device', id: old }], start),
  );
  let api: FastifyInstance = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent', clock });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const apiPort = Number(new URL(apiUrl).port);

  const data = makeTempDirectory('presidio-e2e-day-');
  const renderer = join(process.cwd(), 'out', 'renderer');
  let core: Core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', clock, autoSync: true });
  await core.sync.login(apiUrl, 'anna@leotron.it', password);
  let host: WebHost = await startWebHost({ core, rendererDirectory: renderer });

  const advance = async (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
    // The page's Date stands still between steps (its timers still run), exactly like the core's clock.
    await page.clock.setFixedTime(now);
    // The heartbeat beats every 15 s in real life; with time jumping, beat once per jump as it would have.
    core.timer.heartbeat();
  };
  const workedTime = (p: Page) => p.getByTestId('worked-time').first();

  try {
    await page.clock.setFixedTime(start);
    // Jumping the clock looks like an idle technician: ask only after four hours (the longest jump is one),
    // and should the console ask anyway, keep the time.
    await page.addInitScript(() => localStorage.setItem('presidio.idleMinutes', '240'));
    await page.addLocatorHandler(page.getByRole('dialog', { name: 'Bentornato' }), async (dialog) => {
      await dialog.getByRole('button', { name: 'Tieni il tempo' }).click();
    });
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();

    await test.step('intake a phone request', async () => {
      await page.getByRole('button', { name: 'Nuova richiesta' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nuova richiesta' });
      await dialog.getByLabel('Cliente', { exact: true }).fill('Rossi');
      await dialog.getByRole('button', { name: /Ferramenta Rossi/ }).click();
      await dialog.getByLabel('Oggetto').fill('Il gestionale non stampa le etichette');
      await dialog.getByLabel('Descrizione').fill('Telefonata del titolare alle 9:25');
      await dialog.getByLabel('Priorità').selectOption('P2');
      await dialog.getByRole('button', { name: 'Registra richiesta' }).click();
      await expect(page.getByRole('heading', { level: 2, name: /Il gestionale non stampa le etichette/ })).toBeVisible();
      await shot('01-intake');
      // Waiting for the customer, then back to work.
      const detail = page.getByRole('article', { name: /Il gestionale non stampa le etichette/ });
      await page.getByRole('button', { name: 'In attesa del cliente' }).click();
      await expect(detail.locator('.badges')).toContainText('In attesa del cliente');
      await page.getByRole('button', { name: 'Riprendi la lavorazione' }).click();
      await expect(detail.locator('.badges')).toContainText('In lavorazione');
    });

    await test.step('start an intervention: the backup confirmation is enforced', async () => {
      await page.getByRole('button', { name: 'Avvia intervento' }).click();
      const dialog = page.getByRole('dialog', { name: 'Avvia intervento' });
      await dialog.getByLabel('Attività').selectOption('consultancy');
      await expect(dialog.getByRole('button', { name: 'Avvia' })).toBeDisabled();
      await dialog.getByLabel(/Confermo che programmi e archivi/).check();
      await dialog.getByRole('button', { name: 'Avvia' }).click();
      await expect(workedTime(page)).toHaveText('0:00:00');
    });

    await test.step('61 minutes later: 90 billed minutes and the right amounts', async () => {
      await advance(61);
      await expect(workedTime(page)).toHaveText('1:01:00');
      await expect(page.getByTestId('billed-minutes').first()).toHaveText('90');
      await expect(page.getByTestId('amounts').first()).toContainText('netto 120,00 €');
      await expect(page.getByTestId('amounts').first()).toContainText('IVA 26,40 €');
      await expect(page.getByTestId('amounts').first()).toContainText('totale 146,40 €');
      await page.getByTestId('amounts').first().scrollIntoViewIfNeeded();
      await shot('02-timer-61-minutes');
    });

    await test.step('pause and resume: no new minimum charge', async () => {
      await page.getByRole('button', { name: 'Pausa' }).first().click();
      await advance(30);
      await expect(workedTime(page)).toHaveText('1:01:00');
      await page.getByRole('button', { name: 'Riprendi' }).first().click();
      await advance(1);
      await expect(workedTime(page)).toHaveText('1:02:00');
      await expect(page.getByTestId('billed-minutes').first()).toHaveText('90');
      await page.getByRole('button', { name: 'Termina intervento' }).click();
      await page.getByLabel('Note dell’intervento').first().fill('Etichette riconfigurate con il cliente');
      await page.getByRole('button', { name: 'Salva note' }).click();
      await expect(page.getByText('Note salvate.')).toBeVisible();
      await shot('03-paused-resumed-stopped');
    });

    await test.step('a second, included intervention; closing with cause customer makes it billable', async () => {
      await page.getByRole('button', { name: 'Avvia intervento' }).click();
      const dialog = page.getByRole('dialog', { name: 'Avvia intervento' });
      await dialog.getByLabel(/Confermo che programmi e archivi/).check();
      await dialog.getByRole('button', { name: 'Avvia' }).click();
      await advance(20);
      await expect(page.getByText('Incluso: assistenza standard').first()).toBeVisible();
      await page.getByRole('button', { name: 'Termina intervento' }).click();
      await page.getByRole('button', { name: 'Chiudi ticket' }).click();
      const close = page.getByRole('dialog', { name: /Chiudi il ticket/ });
      await close.getByLabel('Soluzione adottata').fill('Driver della stampante del cliente reinstallato');
      await close.getByLabel('Causa cliente').check();
      await expect(close.getByTestId('closure-total')).toContainText('150 min');
      await expect(close.getByTestId('closure-total')).toContainText('netto 200,00 € · IVA 44,00 € · totale 244,00 €');
      await shot('04-cause-customer-preview');
      await close.getByRole('button', { name: 'Conferma e chiudi come causa cliente' }).click();
      await expect(page.getByRole('heading', { level: 2, name: /Il gestionale non stampa/ }).locator('..').locator('..')).toContainText('Chiuso');
    });

    await test.step('the central API goes away: work goes on, then everything syncs', async () => {
      await api.close();
      await page.getByRole('button', { name: 'Nuova richiesta' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nuova richiesta' });
      await dialog.getByLabel('Cliente', { exact: true }).fill('Rossi');
      await dialog.getByRole('button', { name: /Ferramenta Rossi/ }).click();
      await dialog.getByLabel('Canale').selectOption('whatsapp');
      await dialog.getByLabel('Oggetto').fill('Garanzia: cassa e stampante');
      await dialog.getByRole('button', { name: 'Registra richiesta' }).click();
      await page.getByRole('button', { name: /Online|Offline|Sincronizzazione/ }).click();
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByRole('button', { name: 'Offline', exact: true })).toBeVisible();
      await expect(page.getByText(/da inviare/)).toBeVisible();
      await shot('05-offline');
      api = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent', clock });
      await api.listen({ host: '127.0.0.1', port: apiPort });
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Online', exact: true })).toBeVisible();
      const closed = await db.selectFrom('tickets').select(['status', 'cause']).where('subject', '=', 'Il gestionale non stampa le etichette').executeTakeFirstOrThrow();
      expect(closed).toEqual({ status: 'closed', cause: 'customer' });
      expect(await db.selectFrom('tickets').select('id').where('subject', '=', 'Garanzia: cassa e stampante').execute()).toHaveLength(1);
      expect(await db.selectFrom('interventions').select('notes').where('notes', '=', 'Etichette riconfigurate con il cliente').execute()).toHaveLength(1);
      await page.getByRole('button', { name: 'Online', exact: true }).click();
    });

    await test.step('warranty: a device bought 11 months ago is covered, one bought 13 months ago is not', async () => {
      const card = page.getByRole('region', { name: 'Cliente' });
      await expect(card).toContainText(/Cassa touch TX-150.*In garanzia fino al/);
      await expect(card).toContainText(/Stampante fiscale RT-80.*Garanzia scaduta il/);
      await expect(page.getByRole('listitem', { name: /Intervento del/ })).toHaveCount(0);
      for (const [device, verdict] of [
        ['Cassa touch TX-150 · SN-RECENTE', 'Incluso: garanzia hardware'],
        ['Stampante fiscale RT-80 · SN-VECCHIA', 'A pagamento'],
      ] as const) {
        await page.getByRole('button', { name: 'Avvia intervento' }).click();
        const dialog = page.getByRole('dialog', { name: 'Avvia intervento' });
        await dialog.getByRole('group', { name: 'Modalità' }).getByLabel('Presso il cliente').check();
        await dialog.getByLabel('Attività').selectOption('warranty_repair');
        await dialog.getByLabel(/Dispositivo/).selectOption({ label: device });
        await dialog.getByLabel(/Confermo che programmi e archivi/).check();
        await dialog.getByRole('button', { name: 'Avvia' }).click();
        if (verdict === 'A pagamento') {
          // The first repair's timer is still running: the console asks before pausing it.
          const conflict = page.getByRole('dialog', { name: 'Un altro intervento è in corso' });
          await expect(conflict).toBeVisible();
          await conflict.getByRole('button', { name: 'Metti in pausa e continua' }).click();
        }
        await advance(5);
        await expect(page.getByRole('listitem', { name: /Intervento del/ }).last()).toContainText(verdict);
      }
      await page.getByRole('listitem', { name: /Intervento del/ }).last().scrollIntoViewIfNeeded();
      await shot('06-warranty');
    });

    await test.step('hardware repairs: find by serial, verdict at once, excluded costs, workflow; register an unknown device', async () => {
      await page.getByRole('button', { name: 'Riparazioni' }).click();
      const dialog = page.getByRole('dialog', { name: 'Riparazioni hardware' });
      await dialog.getByLabel('Matricola').fill('SN-RECENTE');
      await dialog.getByRole('button', { name: 'Cerca' }).click();
      await expect(dialog.getByText(/Cassa touch TX-150 · Ferramenta Rossi/)).toContainText('In garanzia fino al');
      await dialog.getByLabel('Difetto segnalato').fill('Lo schermo non si accende');
      await dialog.getByRole('button', { name: 'Registra riparazione' }).click();
      const repair = dialog.getByRole('listitem', { name: 'Riparazione SN-RECENTE' });
      await expect(repair).toContainText('In garanzia');
      await repair.getByLabel('Ripristino sistema operativo e software (minuti)').fill('30');
      await repair.getByLabel('Trasporto tra cliente e fornitore').check();
      await expect(repair.getByRole('list', { name: 'Addebiti della riparazione' })).toContainText('Riparazione: Incluso: garanzia hardware');
      await expect(repair.getByRole('list', { name: 'Addebiti della riparazione' })).toContainText(
        'Ripristino di sistema e software (escluso dalla garanzia): A pagamento · 30 min',
      );
      // One minimum hour for the restore, an estimate until the API charges the finished repair.
      await expect(repair.getByTestId('repair-charge')).toContainText(/^Stima .*: 1 h fatturati/);
      await repair.getByRole('button', { name: 'Salva' }).click();
      for (const status of ['In diagnosi', 'In riparazione', 'Pronto per la restituzione']) {
        await repair.getByRole('button', { name: `Passa a «${status}»` }).click();
        await expect(dialog.getByRole('listitem', { name: 'Riparazione SN-RECENTE' })).toContainText(status);
      }

      await dialog.getByLabel('Matricola').fill('SN-NUOVA');
      await dialog.getByRole('button', { name: 'Cerca' }).click();
      await dialog.getByLabel('Cliente proprietario').fill('Rossi');
      await dialog.getByRole('button', { name: 'Ferramenta Rossi' }).click();
      await dialog.getByLabel('Modello').fill('Bilancia BL-2');
      // A purchase date given on the spot puts nothing under warranty until a lead confirms it.
      await dialog.getByLabel('Data di acquisto').fill(addMonths(today, -2));
      await expect(dialog.getByText(/Verdetto:/)).toContainText('Garanzia da confermare dal team leader');
      await shot('07a-warranty-to-confirm');
      await dialog.getByLabel('Data di acquisto').fill(addMonths(today, -13));
      await expect(dialog.getByText(/Verdetto:/)).toContainText('Garanzia scaduta');
      await dialog.getByLabel('Difetto segnalato').fill('Pesa male');
      await dialog.getByRole('button', { name: 'Registra riparazione' }).click();
      await expect(dialog.getByRole('listitem', { name: 'Riparazione SN-NUOVA' })).toContainText('Fuori garanzia');
      await dialog.getByRole('listitem', { name: 'Riparazione SN-NUOVA' }).scrollIntoViewIfNeeded();
      await shot('07-repairs');
      await dialog.getByRole('button', { name: 'Chiudi' }).click();
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await page.getByRole('button', { name: 'Online', exact: true }).click();
      // The finished repair comes back with the API's charge, drawn from the customer's hours.
      await page.getByRole('button', { name: 'Riparazioni' }).click();
      await expect(dialog.getByRole('listitem', { name: 'Riparazione SN-RECENTE' }).getByTestId('repair-charge')).toContainText(
        /^Addebito confermato dal server: 1 h fatturati/,
      );
      await dialog.getByRole('button', { name: 'Chiudi' }).click();
      const repairs = await db.selectFrom('repairs').innerJoin('devices', 'devices.id', 'repairs.device_id').select(['devices.serial', 'repairs.status', 'repairs.warranty_covered', 'repairs.restore_minutes']).orderBy('devices.serial').execute();
      expect(repairs).toEqual([
        { serial: 'SN-NUOVA', status: 'received', warranty_covered: 0, restore_minutes: 0 },
        { serial: 'SN-RECENTE', status: 'ready', warranty_covered: 1, restore_minutes: 30 },
      ]);
      const drawn = await db.selectFrom('hour_bank_ledger').select((eb) => eb.fn.sum<number>('minutes').as('minutes')).where('repair_id', 'is not', null).executeTakeFirstOrThrow();
      expect(Number(drawn.minutes)).toBe(-60);
    });

    await test.step('the browser host is killed while a timer runs; after the restart it is still running from the right start', async () => {
      await expect(page.getByRole('region', { name: 'Interventi in corso' }).getByLabel(/Tempo lavorato/).first()).toHaveText('0:05:00');
      await host.close();
      await core.close();
      // Thirty seconds dead: no heartbeat in between, a quick restart.
      now = new Date(now.getTime() + 30_000);
      await page.clock.setFixedTime(now);
      core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', clock, autoSync: true });
      host = await startWebHost({ core, rendererDirectory: renderer });
      await page.goto(host.url);
      const running = page.getByRole('region', { name: 'Interventi in corso' }).getByLabel(/Tempo lavorato/).first();
      await expect(running).toHaveText('0:05:30');
      await shot('08-after-host-restart');
    });
  } finally {
    await host.close();
    await core.close();
    await api.close();
    await database.drop();
    data.remove();
  }
});
