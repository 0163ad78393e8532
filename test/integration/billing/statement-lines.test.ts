import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { queueMonthlyStatements } from '../../../src/server/billing/statements/monthly-statement-mail.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/**
 * What the accountant used to rebuild by hand (issue 22, item 5): a repair's spare parts and
 * transport, and the packages of hours sold, as lines of their own in the statement, the CSV, the
 * PDF and the portal; and the statement mailed once on the first working day of the next month.
 */
describe.each(engineNames)('statement lines beyond time, and the monthly mail (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = new Date('2026-11-23T17:00:00.000Z');
  const folder = makeTempDirectory('presidio-statement-lines-');
  const [deviceId, covered, repairId, coveredRepair, offerId, partId] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const statuses = (answer: Awaited<ReturnType<TestServer['call']>>) => (answer.body.value.results as Array<{ status: string }>).map((result) => result.status);

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    expect(
      statuses(
        await lead.push([
          // Out of warranty since 2025, and one still covered.
          lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Stampante fiscale RT-80', serial: 'SL-1', purchaseDate: '2024-01-10', warrantyMonths: 12 }),
          lead.command('device.upsert', { id: covered, customerId: server.customerId, model: 'Cassa touch TX-150', serial: 'SL-2', purchaseDate: '2026-06-01', warrantyMonths: 24 }),
        ]),
      ),
    ).toEqual(['applied', 'applied']);
    const parts = [{ id: partId, description: 'Testina termica', quantity: 2, unitCents: 4500 }];
    const answer = await anna.push([
      anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Non stampa', receivedOn: '2026-11-23' }),
      anna.command('repair.update', { repairId, changes: { labourMinutes: 30, partsUsed: parts, transport: true }, loggedAt: '2026-11-23T10:00:00.000Z' }),
      anna.command('repair.create', { id: coveredRepair, customerId: server.customerId, deviceId: covered, ticketId: null, reportedDefect: 'Schermo', receivedOn: '2026-11-23' }),
      anna.command('repair.update', { repairId: coveredRepair, changes: { labourMinutes: 30, partsUsed: [{ id: newId(), description: 'Vetro touch', quantity: 1, unitCents: 12000 }] }, loggedAt: '2026-11-23T10:00:00.000Z' }),
      ...[repairId, coveredRepair].flatMap((id) => (['diagnosing', 'repairing', 'ready'] as const).map((status) => anna.command('repair.advance', { repairId: id, status }))),
    ]);
    expect(statuses(answer).every((status) => status === 'applied')).toBe(true);
    // A package bought on the portal and paid: sold in November.
    expect((await server.call('POST', '/portal-admin/offers/set', { id: offerId, name: 'Pacchetto 10 ore', minutes: 600, rateCents: 7000, validityMonths: 12, active: true }, lead.token)).body.ok).toBe(true);
    const contactId = newId();
    const at = now.toISOString();
    await server.db.insertInto('customer_contacts').values({ id: contactId, customer_id: server.customerId, email: 'mario@rossi.test', name: 'Mario', password_hash: null, invite_hash: null, invite_expires_at: null, invited_by: server.users.lead, created_at: at, activated_at: null, disabled: 0 }).execute();
    const orderId = newId();
    await server.db.insertInto('package_orders').values({ id: orderId, customer_id: server.customerId, contact_id: contactId, offer_id: offerId, minutes: 600, rate_cents: 7000, validity_months: 12, net_cents: 70000, vat_cents: 15400, gross_cents: 85400, status: 'pending', created_at: at, decided_at: null, decided_by: null, package_id: null }).execute();
    expect((await server.call('POST', '/portal-admin/orders/confirm', { id: orderId }, lead.token)).body.value.status).toBe('confirmed');
  });
  afterAll(async () => {
    await server.stop();
    folder.remove();
  });

  it('only a lead prices the transport, with a reason, audited; the technician’s default is the policy’s flat fee', async () => {
    const refused = await anna.push([anna.command('repair.update', { repairId, changes: { transportNetCents: 4000 }, reason: 'Corriere espresso' })]);
    expect(refused.body.value.results[0].error.code).toBe('forbidden');
    const unexplained = await lead.push([lead.command('repair.update', { repairId, changes: { transportNetCents: 4000 } })]);
    expect(unexplained.body.value.results[0].error.message).toMatch(/motivo del prezzo del trasporto/);
    const before = JSON.parse((await server.db.selectFrom('repairs').select('billing_json').where('id', '=', repairId).executeTakeFirstOrThrow()).billing_json!);
    // The flat fee: 30,00 € + VAT.
    expect(before.extras.transport).toEqual({ billable: true, netCents: 3000, vatCents: 660, grossCents: 3660 });
    expect(statuses(await lead.push([lead.command('repair.update', { repairId, changes: { transportNetCents: 4000 }, reason: 'Corriere espresso' })]))).toEqual(['applied']);
    const billed = JSON.parse((await server.db.selectFrom('repairs').select('billing_json').where('id', '=', repairId).executeTakeFirstOrThrow()).billing_json!);
    expect(billed.extras).toEqual({
      parts: { covered: false, lines: [{ id: partId, description: 'Testina termica', quantity: 2, unitCents: 4500, netCents: 9000 }], netCents: 9000, vatCents: 1980, grossCents: 10980 },
      transport: { billable: true, netCents: 4000, vatCents: 880, grossCents: 4880 },
    });
    const audit = await server.db.selectFrom('audit_log').select(['actor_id', 'reason']).where('entity_id', '=', repairId).where('action', '=', 'repair.priceTransport').execute();
    expect(audit).toEqual([{ actor_id: server.users.lead, reason: 'Corriere espresso' }]);
    // Inside the warranty the parts cost nothing.
    const inWarranty = JSON.parse((await server.db.selectFrom('repairs').select('billing_json').where('id', '=', coveredRepair).executeTakeFirstOrThrow()).billing_json!);
    expect(inWarranty.extras.parts).toMatchObject({ covered: true, netCents: 0, grossCents: 0 });
  });

  it('the statement lists labour, parts, transport and the package sold as their own lines, in the CSV and the PDF too', async () => {
    const month = (await server.call('GET', '/reports/statements/2026-11', undefined, lead.token)).body.value;
    const [rossi] = month.statements;
    const lines = rossi.lines.map((line: Record<string, unknown>) => [line.kind, line.activity, line.description, line.invoicedMinutes, line.netCents, line.grossCents]);
    // The repair's hour of labour, priced again when the lead set the transport, now comes from the
    // package bought meanwhile: no labour line is left to invoice, the hour shows among the draws.
    expect(lines).toEqual(
      expect.arrayContaining([
        ['parts', 'Ricambi della riparazione', 'Testina termica × 2', 0, 9000, 10980],
        ['transport', 'Trasporto della riparazione', 'Trasporto tra cliente e fornitore', 0, 4000, 4880],
        ['package', 'Acquisto di un pacchetto di ore', 'Pacchetto 10 ore (10 h)', 0, 70000, 85400],
      ]),
    );
    // The covered repair's parts bring no line; its labour is warranty work, free.
    expect(lines.filter((line: unknown[]) => line[0] === 'parts')).toHaveLength(1);
    expect(lines.filter((line: unknown[]) => line[0] === 'work')).toEqual([]);
    expect(rossi.draws.packages.map((item: { minutes: number }) => item.minutes)).toEqual([60]);
    expect(rossi.totals).toEqual({ invoicedMinutes: 0, netCents: 9000 + 4000 + 70000, vatCents: 1980 + 880 + 15400, grossCents: 10980 + 4880 + 85400 });

    const csv = await fetch(`${server.url}/reports/statements/2026-11.csv`, { headers: { authorization: `Bearer ${lead.token}` } });
    const rows = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows).toEqual(
      expect.arrayContaining([
        '2026-11;C1;Ferramenta Rossi;;23/11/2026;;Ricambi della riparazione;Ricambi;Testina termica × 2;Addebito;0;0;90,00;19,80;109,80',
        '2026-11;C1;Ferramenta Rossi;;23/11/2026;;Trasporto della riparazione;Trasporto;Trasporto tra cliente e fornitore;Addebito;0;0;40,00;8,80;48,80',
        '2026-11;C1;Ferramenta Rossi;;23/11/2026;;Acquisto di un pacchetto di ore;Pacchetto di ore;Pacchetto 10 ore (10 h);Addebito;0;0;700,00;154,00;854,00',
      ]),
    );

    const pdf = await fetch(`${server.url}/reports/statements/2026-11/C1.pdf`, { headers: { authorization: `Bearer ${lead.token}` } });
    expect(pdf.status).toBe(200);
    const file = join(folder.path, `statement-${engine}.pdf`);
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    // Without -layout: a wrapped cell reads as one run of words.
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replaceAll(/\s+/g, ' ');
    expect(text).toContain('Testina termica × 2');
    expect(text).toContain('Trasporto tra cliente e fornitore');
    expect(text).toContain('Pacchetto 10 ore (10 h)');
    expect(text).toContain('854,00 €');
    expect(text).toContain('Documento non fiscale');
  });

  it('on the first working day of December each customer with charges receives November’s statement, once', async () => {
    // 30 November: November's statement is not due yet (October had nothing to invoice).
    expect(await queueMonthlyStatements(server.db, new Date('2026-11-30T09:00:00.000Z'), 'https://assistenza.test')).toEqual({ month: '2026-10', queued: 0 });
    now = new Date('2026-12-01T08:00:00.000Z');
    expect(await queueMonthlyStatements(server.db, now, 'https://assistenza.test')).toEqual({ month: '2026-11', queued: 1 });
    // A second pass, or a second API process, sends nothing more.
    expect(await queueMonthlyStatements(server.db, new Date('2026-12-02T08:00:00.000Z'), 'https://assistenza.test')).toEqual({ month: '2026-11', queued: 0 });
    const mails = await server.db.selectFrom('mail_outbox').select(['recipient', 'subject', 'body']).where('subject', 'like', 'Rendiconto di%').execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: 'rossi@test.it', subject: 'Rendiconto di novembre 2026 · Ferramenta Rossi' });
    const body = mails[0]!.body!.replaceAll('\u00a0', ' ');
    expect(body).toContain('Ricambi della riparazione: Testina termica × 2: 109,80 € IVA inclusa');
    expect(body).toContain('Acquisto di un pacchetto di ore: Pacchetto 10 ore (10 h): 854,00 € IVA inclusa');
    expect(body).toContain('Totale: 830,00 € + IVA 182,60 € = 1012,60 €');
    expect(body).toContain('https://assistenza.test/portal/#/rendiconti');
    expect(body).toContain('Documento non fiscale');
  });

  it('the first working day follows the calendar: in January it is the 4th (New Year’s Day, then the weekend)', async () => {
    expect(await queueMonthlyStatements(server.db, new Date('2027-01-02T09:00:00.000Z'), 'https://assistenza.test')).toBeNull();
    expect(await queueMonthlyStatements(server.db, new Date('2027-01-04T09:00:00.000Z'), 'https://assistenza.test')).toMatchObject({ month: '2026-12' });
  });
});
