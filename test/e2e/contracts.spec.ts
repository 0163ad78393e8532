import { expect, test } from '@playwright/test';
import { openSignedInConsole, startDemoApi, type OpenConsole } from './api-console.ts';

/**
 * Contracts as data (issue 23, item 2): a team lead records a customer's standard contract on the
 * customer card; the running work is classified with it at once; the API audits it; the lead ends it.
 */
test('a lead records a contract on the customer card and the work follows it; ends it; corrects a device’s warranty with a reason', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const api = await startDemoApi();
  const consoles: OpenConsole[] = [];
  const subject = `Gestionale fermo ${Date.now().toString(36)}`;
  try {
    const { page } = await openSignedInConsole(browser, api.url, 'giulia.ferrari@presidio.example', consoles);
    await page.getByRole('button', { name: 'Nuova richiesta' }).click();
    const intake = page.getByRole('dialog', { name: 'Nuova richiesta' });
    await intake.getByLabel('Cliente', { exact: true }).fill('Mondadori');
    await intake.getByRole('button', { name: /Libreria Mondadori Gallo/ }).click();
    await intake.getByLabel('Oggetto').fill(subject);
    await intake.getByRole('button', { name: 'Registra richiesta' }).click();
    const detail = page.getByRole('article', { name: new RegExp(subject) });
    await detail.getByRole('button', { name: 'Avvia intervento' }).click();
    const start = page.getByRole('dialog', { name: 'Avvia intervento' });
    await start.getByLabel('Attività').selectOption('software_assistance');
    await start.getByLabel(/Confermo che programmi e archivi/).check();
    await start.getByRole('button', { name: 'Avvia' }).click();
    const work = detail.getByRole('listitem', { name: /Intervento del/ });
    await expect(work).toContainText('A pagamento');

    const contracts = detail.getByRole('region', { name: 'Contratti' });
    await expect(contracts).toContainText('Nessun contratto di assistenza');
    await contracts.getByText('Aggiungi contratto').click();
    const form = contracts.getByRole('form', { name: 'Nuovo contratto' });
    await form.getByLabel('Valido dal').fill('2026-01-01');
    await form.getByLabel('Note').fill('Offerta 2026/118');
    await form.getByLabel('Motivo').fill('Contratto firmato a gennaio, non caricato');
    await form.getByRole('button', { name: 'Registra contratto' }).click();
    await expect(contracts).toContainText(/Assistenza standard: dal 1 gennaio 2026, senza scadenza/);
    // The running work is classified with the new contract at once.
    await expect(work).toContainText('Incluso: assistenza standard');
    await page.screenshot({ path: testInfo.outputPath('01-contract-added.png'), fullPage: true });

    await contracts.getByRole('button', { name: /Termina il contratto Assistenza standard/ }).click();
    const end = contracts.getByRole('form', { name: 'Termina il contratto' });
    await end.getByLabel('Motivo').fill('Disdetta del cliente');
    await end.getByRole('button', { name: 'Conferma la fine' }).click();
    await expect(contracts.getByText(/Contratto terminato il/)).toBeVisible();

    // The lead corrects the device's warranty on the same card: the reason is asked, the API audits it.
    const customerRow = await api.db.selectFrom('customers').select('id').where('name', '=', 'Libreria Mondadori Gallo').executeTakeFirstOrThrow();
    const device = await api.db.selectFrom('devices').select(['id', 'serial', 'warranty_months']).where('customer_id', '=', customerRow.id).executeTakeFirstOrThrow();
    const months = device.warranty_months === 36 ? 24 : 36;
    await detail.getByRole('button', { name: `Modifica il dispositivo ${device.serial}` }).click();
    const deviceForm = detail.getByRole('form', { name: `Modifica del dispositivo ${device.serial}` });
    await deviceForm.getByLabel('Mesi di garanzia (estensione inclusa)').fill(String(months));
    await expect(deviceForm.getByRole('button', { name: 'Salva il dispositivo' })).toBeDisabled();
    await deviceForm.getByLabel('Motivo della modifica della garanzia').fill('Estensione acquistata con la fattura 2024/77');
    await deviceForm.getByRole('button', { name: 'Salva il dispositivo' }).click();
    await expect(deviceForm).toHaveCount(0);

    await page.getByRole('button', { name: 'Online', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await expect(page.getByText('Tutto inviato')).toBeVisible();
    const customer = customerRow;
    const stored = await api.db.selectFrom('contracts').select(['id', 'kind', 'valid_from', 'valid_to', 'notes']).where('customer_id', '=', customer.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'standard', valid_from: '2026-01-01', notes: 'Offerta 2026/118' });
    expect(stored[0]!.valid_to).not.toBeNull();
    const audit = await api.db.selectFrom('audit_log').select('action').where('entity_id', '=', stored[0]!.id).orderBy('created_at').execute();
    expect(audit.map((row) => row.action)).toEqual(['contract.add', 'contract.end']);
    expect((await api.db.selectFrom('devices').select('warranty_months').where('id', '=', device.id).executeTakeFirstOrThrow()).warranty_months).toBe(months);
    const deviceAudit = await api.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', device.id).execute();
    expect(deviceAudit).toEqual([{ action: 'device.warranty', reason: 'Estensione acquistata con la fattura 2024/77' }]);
  } finally {
    for (const opened of consoles) await opened.close();
    await api.stop();
  }
});
