import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createCore } from '../../src/main/core/core.ts';
import { createUser } from '../../src/server/auth/auth.service.ts';
import { recordChanges } from '../../src/server/sync/change-log.ts';
import { newId } from '../../src/shared/ids.ts';
import { formatDateTime } from '../../src/shared/format.ts';
import { startWebHost } from '../../src/web-host/web-host.ts';
import { testAuthPolicy } from '../support/server-engines.ts';
import { password, startTestServer } from '../support/server-fixture.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { openTicket } from './api-console.ts';

/** Monday 23 November 2026, 18:00 in Rome: the day's work is done, one timer still runs. */
const now = new Date('2026-11-23T17:00:00.000Z');
const at = (romeTime: string) => new Date(`2026-11-23T${romeTime}:00+01:00`).toISOString();

test('«Giornata del team» shows each technician’s figures as the API computed them, for a day built through the API', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startTestServer('sqlite', { clock: () => now });
  const { db } = server;
  const carla = await createUser(db, { email: 'carla@test.it', displayName: 'Carla Tecnica', role: 'technician', password }, testAuthPolicy);
  // A second customer with a standard contract: software assistance is included for them.
  const covered = newId();
  const contract = newId();
  const stamp = now.toISOString();
  await db.insertInto('customers').values({ id: covered, code: 'C2', name: 'Ottica Bianchi', vat_number: null, email: null, phone: null, city: 'Lecco', created_at: stamp, updated_at: stamp }).execute();
  await db.insertInto('contracts').values({ id: contract, customer_id: covered, kind: 'standard', valid_from: '2026-01-01', valid_to: '2026-12-31', created_at: stamp, updated_at: stamp }).execute();
  await db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: covered }, { entity: 'hour_bank', id: covered }, { entity: 'contract', id: contract }], now));

  const work = async (email: string, customerId: string, interventions: Array<{ from: string; to: string | null; mode: 'phone' | 'remote' | 'on_site' }>) => {
    const technician = await server.consoleFor(email);
    const ticketId = newId();
    const commands = [
      technician.command('ticket.create', { id: ticketId, number: `R-${ticketId.slice(-6)}`, customerId, channel: 'phone', subject: `Richiesta di ${email}`, description: '', priority: 'P3', blocking: false, openedAt: at('08:45') }),
    ];
    for (const item of interventions) {
      const id = newId();
      commands.push(technician.command('intervention.start', { id, ticketId, segmentId: newId(), mode: item.mode, activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(item.from) }));
      if (item.to) commands.push(technician.command('intervention.stop', { interventionId: id, at: at(item.to) }));
    }
    const pushed = await technician.push(commands);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(commands.map(() => 'applied'));
    return { ticketId, technician };
  };
  // Anna: 30 min billable (one minimum hour, 80 €) and 45 min included by the contract.
  const annasFirst = await work('anna@test.it', server.customerId, [{ from: '09:00', to: '09:30', mode: 'phone' }]);
  await work('anna@test.it', covered, [{ from: '10:00', to: '10:45', mode: 'remote' }]);
  // Bruno: 100 min billable: the minimum hour and two 30-minute fractions, 160 €.
  const brunos = await work('bruno@test.it', server.customerId, [{ from: '11:00', to: '12:40', mode: 'remote' }]);
  // Carla: a timer still running since 17:30 (30 minutes so far), not yet evaluated by the API.
  await work('carla@test.it', covered, [{ from: '17:30', to: null, mode: 'on_site' }]);

  const data = makeTempDirectory('presidio-e2e-review-');
  const core = createCore({ dataDirectory: data.path, host: 'browser', version: 'e2e', clock: () => now, autoSync: true });
  await core.sync.login(server.url, 'lead@test.it', password);
  const host = await startWebHost({ core, rendererDirectory: join(process.cwd(), 'out', 'renderer') });
  try {
    await page.clock.setFixedTime(now);
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Giornata del team' }).click();
    // Today (for the test's clock) is the default day.
    await expect(page.getByLabel('Giorno', { exact: true })).toHaveValue('2026-11-23');
    const table = page.getByRole('table', { name: 'Tecnici del giorno' });
    const row = (name: string) => table.getByRole('row').filter({ hasText: name });
    const cells = (name: string) => row(name).getByRole('cell');

    await test.step('per technician: interventions, worked, included, billed, amount, what to look at', async () => {
      await expect(table.getByRole('row')).toHaveCount(4);
      await expect(cells('Anna Tecnica').nth(1)).toHaveText('2');
      await expect(cells('Anna Tecnica').nth(2)).toHaveText('1:15:00');
      await expect(cells('Anna Tecnica').nth(3)).toHaveText('45 min');
      await expect(cells('Anna Tecnica').nth(4)).toHaveText('1 h');
      await expect(cells('Anna Tecnica').nth(5)).toHaveText('80,00 €');
      await expect(cells('Bruno Tecnico').nth(2)).toHaveText('1:40:00');
      await expect(cells('Bruno Tecnico').nth(4)).toHaveText('2 h');
      await expect(cells('Bruno Tecnico').nth(5)).toHaveText('160,00 €');
      await expect(cells('Carla Tecnica').nth(2)).toHaveText('0:30:00');
      await expect(cells('Anna Tecnica').nth(7)).toHaveText('Telefono 2');
      await expect(cells('Anna Tecnica').nth(8)).toHaveText('Telefono 1 · Controllo remoto 1');
      await expect(row('Carla Tecnica')).toContainText('1 in corso');
      await expect(row('Carla Tecnica')).toContainText('1 in attesa dell’API');
      await expect(row('Anna Tecnica')).toContainText('2 da approvare');
      // The figures are the API's, not the console's estimate.
      const billed = await db.selectFrom('interventions').select('billing_json').where('billing_json', 'is not', null).execute();
      const cents = billed.map((item) => (JSON.parse(item.billing_json!) as { netCents: number }).netCents).reduce((sum, value) => sum + value, 0);
      expect(cents).toBe(8000 + 16000);
      // Every console's last sync and unsent work, from the API: the lead's own is there.
      await expect(page.getByRole('table', { name: 'Postazioni' })).toContainText('Lea Leader');
      await page.screenshot({ path: testInfo.outputPath('01-team-review.png') });
    });

    await test.step('approve Anna’s two interventions at once', async () => {
      await table.getByRole('button', { name: 'Anna Tecnica' }).click();
      const section = page.getByRole('region', { name: 'Interventi di Anna Tecnica' });
      // `all()` does not wait: the drill-down must have loaded both interventions first.
      await expect(section.getByRole('checkbox')).toHaveCount(2);
      for (const box of await section.getByRole('checkbox').all()) await box.check();
      await section.getByRole('button', { name: 'Approva selezionati (2)' }).click();
      await expect(section).toContainText('2 interventi approvati');
      await expect(row('Anna Tecnica')).not.toContainText('da approvare');
      await expect.poll(async () => (await db.selectFrom('interventions').select('id').where('approved', '=', 1).execute()).length).toBe(2);
      await page.screenshot({ path: testInfo.outputPath('02-approved.png') });
    });

    await test.step('correct Bruno’s times (a lunch break left running): the API bills the work again', async () => {
      await table.getByRole('button', { name: 'Bruno Tecnico' }).click();
      const section = page.getByRole('region', { name: 'Interventi di Bruno Tecnico' });
      await section.getByRole('button', { name: /^Correggi l’intervento/ }).click();
      const times = page.getByRole('dialog', { name: 'Correggi intervento' }).getByRole('form', { name: 'Correzione dei tempi' });
      await expect(times.getByLabel('Inizio')).toHaveValue('2026-11-23T11:00');
      await expect(times.getByLabel('Fine')).toHaveValue('2026-11-23T12:40');
      await times.getByLabel('Fine').fill('2026-11-23T11:50');
      await times.getByLabel('Motivo della correzione dei tempi').fill('Pausa pranzo non fermata');
      await page.screenshot({ path: testInfo.outputPath('03-correct-times.png') });
      await times.getByRole('button', { name: 'Correggi i tempi' }).click();
      await expect(page.getByRole('dialog', { name: 'Correggi intervento' })).toBeHidden();
      // Fifty minutes: one minimum hour, 80 €, once the API has evaluated it and the console synced.
      await expect(cells('Bruno Tecnico').nth(2)).toHaveText('0:50:00');
      await expect(cells('Bruno Tecnico').nth(4)).toHaveText('1 h');
      await expect(cells('Bruno Tecnico').nth(5)).toHaveText('80,00 €');
      const audit = await db.selectFrom('audit_log').select('reason').where('action', '=', 'intervention.adjustSegment').executeTakeFirstOrThrow();
      expect(audit.reason).toBe('Pausa pranzo non fermata');
      await page.screenshot({ path: testInfo.outputPath('04-times-corrected.png') });
    });

    await test.step('add a closure for tomorrow: the desk status and the next opening change, everywhere', async () => {
      // Later that evening (18:45 in Rome) the desk has closed and says when it reopens.
      await page.clock.setFixedTime(new Date('2026-11-23T17:45:00.000Z'));
      await page.reload();
      const header = page.getByRole('banner').locator('.desk-status');
      await expect(header).toContainText('Assistenza chiusa');
      await expect(header).toContainText(`riapre ${formatDateTime('2026-11-24T08:00:00.000Z')}`);
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Calendario' }).click();
      await expect(page.getByRole('heading', { name: 'Calendario dell’assistenza' })).toBeVisible();
      await expect(page.getByText('Versione 1')).toBeVisible();
      const form = page.getByRole('form', { name: 'Aggiungi una chiusura' });
      // Tomorrow (for the test's clock) is the default day.
      await expect(form.getByLabel('Dal giorno')).toHaveValue('2026-11-24');
      await expect(form.getByLabel('Al giorno', { exact: true })).toHaveValue('2026-11-24');
      await form.getByLabel('Nome della chiusura').fill('Santo patrono');
      await form.getByLabel('Motivo').fill('Festa del patrono cittadino');
      await form.getByRole('button', { name: 'Aggiungi chiusura' }).click();
      await expect(page.getByRole('status')).toContainText('Chiusura «Santo patrono» aggiunta.');
      await expect(page.getByRole('table', { name: 'Chiusure' })).toContainText('Santo patrono');
      await expect(page.getByRole('list', { name: 'Prossimi giorni' }).getByRole('listitem').first()).toHaveText(/martedì 24 novembre: chiuso \(Santo patrono\)/);
      await expect(header).toContainText(`riapre ${formatDateTime('2026-11-25T08:00:00.000Z')}`);
      // The API keeps it as a new version, with the lead's reason, and the console shows that version after sync.
      await expect.poll(async () => (await db.selectFrom('support_calendar').select('revision').executeTakeFirstOrThrow()).revision).toBe(2);
      await expect(page.getByText(/Versione 2, modificata il .* da Lea Leader/)).toBeVisible();
      const audit = await db.selectFrom('audit_log').select('reason').where('action', '=', 'calendar.edit').executeTakeFirstOrThrow();
      expect(audit.reason).toBe('Festa del patrono cittadino');
      await page.getByText('Storico modifiche').click();
      await expect(page.getByRole('list', { name: 'Storico modifiche' })).toContainText('Chiusura «Santo patrono» dal 2026-11-24 al 2026-11-24: chiuso');
      await page.screenshot({ path: testInfo.outputPath('05-calendar.png'), fullPage: true });
    });

    await test.step('draw the week’s quality sample and record a call', async () => {
      // Anna closes her first ticket; the lead's console learns it at the next sync.
      const { technician, ticketId } = annasFirst;
      const closed = await technician.push([technician.command('ticket.close', { ticketId, cause: 'vendor', resolution: 'Driver aggiornato', closedAt: at('09:40') })]);
      expect(closed.body.value.results[0].status).toBe('applied');
      await core.sync.syncNow();
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Chiamate di qualità' }).click();
      await expect(page.getByLabel('Settimana')).toHaveValue('2026-W48');
      const form = page.getByRole('form', { name: 'Estrai il campione' });
      await expect(form.getByLabel('Quota da chiamare (%)')).toHaveValue('10');
      await form.getByRole('button', { name: 'Estrai il campione' }).click();
      await expect(page.getByText(/Campione del 10% di 1 ticket chiusi, estratto il .*: 1 cliente da chiamare\./)).toBeVisible();
      const calls = page.getByRole('table', { name: 'Chiamate della settimana' });
      await expect(calls.getByRole('row')).toHaveCount(2);
      await expect(calls).toContainText('Ferramenta Rossi');
      await expect(calls).toContainText('Da chiamare');
      await page.screenshot({ path: testInfo.outputPath('06-quality-sample.png') });
      await calls.getByRole('button', { name: 'Registra la chiamata a Ferramenta Rossi' }).click();
      const dialog = page.getByRole('dialog', { name: 'Chiamata a Ferramenta Rossi' });
      await dialog.getByRole('radio', { name: 'Raggiunto', exact: true }).check();
      await dialog.getByLabel('Voto del cliente (1–5)').selectOption('4');
      await dialog.getByLabel('Note').fill('Soddisfatto, chiede un corso sul gestionale');
      await page.screenshot({ path: testInfo.outputPath('07-quality-call.png') });
      await dialog.getByRole('button', { name: 'Registra' }).click();
      await expect(dialog).toBeHidden();
      await expect(calls).toContainText('Raggiunto');
      await expect(calls).toContainText('Soddisfatto, chiede un corso sul gestionale');
      await expect
        .poll(async () => {
          const row = await db.selectFrom('quality_weeks').select('calls_json').where('week', '=', '2026-W48').executeTakeFirst();
          return row ? (JSON.parse(row.calls_json) as Array<{ outcome: string; rating: number | null }>)[0] : null;
        })
        .toMatchObject({ outcome: 'reached', rating: 4 });
      await page.screenshot({ path: testInfo.outputPath('08-quality-recorded.png') });
    });

    await test.step('assign a ticket, grant free hours and register a package: the next intervention draws from them', async () => {
      const ticketNumber = (await db.selectFrom('tickets').select('number').where('id', '=', brunos.ticketId).executeTakeFirstOrThrow()).number;
      await page.getByRole('navigation', { name: 'Schermate' }).getByRole('link', { name: 'Coda' }).click();
      await page.getByRole('button', { name: 'Tutti', exact: true }).click();
      await openTicket(page, ticketNumber);
      // The correction of Bruno's times is in the intervention's history, with its reason.
      const corrected = page.getByRole('listitem', { name: `Intervento del ${formatDateTime(at('11:00'))}` });
      await corrected.getByText('Storico modifiche').click();
      const history = corrected.getByRole('list', { name: 'Storico modifiche' });
      await expect(history).toContainText('Tempi corretti');
      await expect(history).toContainText('Motivo: Pausa pranzo non fermata');
      await expect(history).toContainText('Lea Leader');
      const assignment = page.getByRole('region', { name: 'Assegnazione' });
      await expect(assignment).toContainText('Assegnato a: Bruno Tecnico');
      const form = assignment.getByRole('form', { name: 'Assegna e cambia priorità' });
      await form.getByLabel('Tecnico').selectOption({ label: 'Carla Tecnica' });
      await form.getByLabel(/Motivo/).fill('Bruno è in ferie da domani');
      await form.getByRole('button', { name: 'Salva assegnazione' }).click();
      await expect(assignment).toContainText('Assegnato a: Carla Tecnica');
      await expect.poll(async () => (await db.selectFrom('tickets').select('assignee_id').where('id', '=', brunos.ticketId).executeTakeFirstOrThrow()).assignee_id).toBe(carla);

      const card = page.getByRole('region', { name: 'Cliente' });
      await card.getByRole('button', { name: 'Concedi ore gratuite' }).click();
      const grant = card.getByRole('form', { name: 'Concedi ore gratuite' });
      await grant.getByLabel('Ore').fill('2');
      await grant.getByLabel('Motivo').fill('Omaggio per il passaggio al nuovo modello');
      await grant.getByRole('button', { name: 'Concedi' }).click();
      await expect(card).toContainText('Concesse 2 h di ore gratuite.');
      await card.getByRole('button', { name: 'Registra pacchetto' }).click();
      const sale = card.getByRole('form', { name: 'Registra pacchetto' });
      await sale.getByLabel('Ore del pacchetto').fill('10');
      await sale.getByLabel('Tariffa oraria (€)').fill('70');
      await sale.getByRole('button', { name: 'Registra' }).click();
      const bank = card.getByRole('list', { name: 'Monte ore' });
      await expect(bank).toContainText('Ore gratuite residue: 2 h');
      await expect(bank.getByText(/10 h su 10 h/)).toHaveCount(1);
      await expect(page.getByText('Tutto inviato')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('09-hour-bank.png') });

      // Carla's next half hour for the customer: one minimum hour, drawn from the free hours, not invoiced.
      const next = await work('carla@test.it', server.customerId, [{ from: '15:00', to: '15:30', mode: 'phone' }]);
      await core.sync.syncNow();
      const nextNumber = (await db.selectFrom('tickets').select('number').where('id', '=', next.ticketId).executeTakeFirstOrThrow()).number;
      await openTicket(page, nextNumber);
      await expect(page.getByTestId('allocation')).toHaveText('Ore gratuite: 1 h');
      await expect(card.getByRole('list', { name: 'Monte ore' })).toContainText('Ore gratuite residue: 1 h');
      await page.screenshot({ path: testInfo.outputPath('10-next-allocation.png') });
    });
  } finally {
    await host.close();
    await core.close();
    await server.stop();
    data.remove();
  }
});
