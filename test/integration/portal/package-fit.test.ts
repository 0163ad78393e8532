import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { invitePortalContact, portalBrowser } from '../../support/portal-browser.ts';

describe.each(engineNames)('packages that fit the account’s consumption (%s)', (engine) => {
  let server: TestServer;
  let leadToken = '';
  const offers = { small: newId(), large: newId() };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    leadToken = await server.loginAs('lead@test.it');
    await server.call('POST', '/portal-admin/offers/set', { id: offers.small, name: 'Pacchetto 10 ore', minutes: 600, rateCents: 7000, validityMonths: 12, active: true }, leadToken);
    await server.call('POST', '/portal-admin/offers/set', { id: offers.large, name: 'Pacchetto 30 ore', minutes: 1800, rateCents: 6500, validityMonths: 12, active: true }, leadToken);
    // Billed work as the billing left it: September 2 h, October 10 h less a 1 h reversal, and this month's (not yet counted).
    // Each entry belongs to a piece of work: one ticket, one finished intervention per entry.
    const ticketId = newId();
    const anna = await server.consoleFor('anna@test.it');
    await anna.push([anna.command('ticket.create', { id: ticketId, number: 'FIT-1', customerId: server.customerId, channel: 'phone', subject: 'Storico', description: '', priority: 'P3', blocking: false, openedAt: '2026-04-01T08:00:00.000Z' })]);
    const work = async (at: string) => {
      const id = newId();
      await server.db
        .insertInto('interventions')
        .values({ id, ticket_id: ticketId, technician_id: server.users.anna, device_id: null, mode: 'remote', activity: 'software_assistance', backup_check: 'confirmed', status: 'stopped', notes: '', approved: 1, started_at: at, stopped_at: at, billing_json: null, created_at: at, updated_at: at, review_reason: null })
        .execute();
      return id;
    };
    const entry = async (workAt: string, billed: number, type: 'charge' | 'reversal' = 'charge') => ({
      id: newId(),
      customer_id: server.customerId,
      ticket_id: ticketId,
      intervention_id: await work(workAt),
      repair_id: null,
      entry_type: type,
      work_at: workAt,
      activity: 'software_assistance',
      billed_minutes: billed,
      invoiced_minutes: 0,
      net_cents: 0,
      vat_cents: 0,
      gross_cents: 0,
      policy_version: 'v1',
      booked_at: workAt,
      description: null,
    });
    await server.db
      .insertInto('billing_entries')
      .values(await Promise.all([entry('2026-09-10T08:00:00.000Z', 120), entry('2026-10-05T08:00:00.000Z', 600), entry('2026-10-06T08:00:00.000Z', -60, 'reversal'), entry('2026-11-20T08:00:00.000Z', 6000), entry('2026-04-30T08:00:00.000Z', 6000)]))
      .execute();
    await invitePortalContact(server, leadToken, server.customerId, 'mario@rossi.test');
  });
  afterAll(async () => server.stop());

  it('the portal tells the customer their monthly average over six whole months and marks the offer that covers it; the lead sees the same per customer', async () => {
    const mario = portalBrowser(server);
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const answer = await mario.call('GET', '/portal/api/offers');
    // (120 + 600 − 60) / 6 = 110 minutes a month: 10 h a year last 12 months at 50 a month would not last; 30 h would.
    expect(answer.body.value).toMatchObject({ averageMonthlyMinutes: 110, fittingOfferId: offers.large });
    const lead = await server.call('POST', '/portal-admin/consumption', {}, leadToken);
    expect(lead.body.value.customers).toEqual([{ customerId: server.customerId, code: 'C1', name: 'Ferramenta Rossi', averageMonthlyMinutes: 110, fittingOfferName: 'Pacchetto 30 ore' }]);
    const anna = await server.loginAs('anna@test.it');
    expect((await server.call('POST', '/portal-admin/consumption', {}, anna)).body.error?.code).toBe('forbidden');
  });

  it('a lead names the customer’s account manager on the card; the portal shows their name and address; no one else can, nor name a stranger', async () => {
    const lead = await server.consoleFor('lead@test.it');
    const anna = await server.consoleFor('anna@test.it');
    const refused = await anna.push([anna.command('customer.update', { id: server.customerId, changes: { accountManagerId: server.users.lead } })]);
    expect(refused.body.value.results[0]).toMatchObject({ status: 'rejected' });
    const stranger = await lead.push([lead.command('customer.update', { id: server.customerId, changes: { accountManagerId: newId() } })]);
    expect(stranger.body.value.results[0].error.message).toBe('Collega non trovato o disattivato: scegli un altro account di riferimento.');
    const named = await lead.push([lead.command('customer.update', { id: server.customerId, changes: { accountManagerId: server.users.lead } })]);
    expect(named.body.value.results[0]).toMatchObject({ status: 'applied' });
    const mario = portalBrowser(server);
    const session = await mario.login('mario@rossi.test', 'password-del-cliente');
    expect(session.body.value.accountManager).toEqual({ name: 'Lea Leader', email: 'lead@test.it' });
    const audit = await server.db.selectFrom('audit_log').select('after_json').where('action', '=', 'customer.update').where('entity_id', '=', server.customerId).execute();
    expect(audit.map((row) => JSON.parse(row.after_json ?? '{}'))).toEqual([{ accountManagerId: server.users.lead }]);
  });
});
