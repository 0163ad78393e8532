import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { invitePortalContact, portalBrowser } from '../../support/portal-browser.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('customer portal: accounts, scope, CSRF (%s)', (engine) => {
  let server: TestServer;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  const otherCustomer = newId();
  const tickets = { mine: newId(), theirs: newId() };
  const offerId = newId();

  const browser = () => portalBrowser(server);
  const contact = (customerId: string, email: string) => invitePortalContact(server, lead.token, customerId, email);

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    lead = await server.consoleFor('lead@test.it');
    anna = await server.consoleFor('anna@test.it');
    const pushed = await lead.push([
      lead.command('customer.create', { id: otherCustomer, code: 'C2', name: 'Ottica Bianchi', vatNumber: null, email: 'bianchi@test.it', phone: null, city: null }),
      lead.command('ticket.create', { id: tickets.mine, number: 'P-1', customerId: server.customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      lead.command('ticket.create', { id: tickets.theirs, number: 'P-2', customerId: otherCustomer, channel: 'phone', subject: 'Segreto di Bianchi', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
    ]);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const interventionId = newId();
    await anna.push([
      anna.command('intervention.start', { id: interventionId, ticketId: tickets.mine, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(10) }),
      anna.command('intervention.stop', { interventionId, at: at(50) }),
    ]);
    expect((await server.call('POST', '/portal-admin/offers/set', { id: offerId, name: 'Pacchetto 10 ore', minutes: 600, rateCents: 7000, validityMonths: 12, active: true }, lead.token)).body.ok).toBe(true);
    await contact(server.customerId, 'mario@rossi.test');
    await contact(otherCustomer, 'luisa@bianchi.test');
  });
  afterAll(async () => server.stop());

  it('invites are for leads, used once; the session cookie is httpOnly and SameSite=Strict', async () => {
    expect((await server.call('POST', '/portal-admin/invite', { customerId: server.customerId, email: 'x@rossi.test', name: 'X' }, anna.token)).body.error?.code).toBe('forbidden');
    const token = await contact(server.customerId, 'giulia@rossi.test');
    const again = await fetch(`${server.url}/portal/api/invite/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'un-altra-password' }) });
    expect(again.status).toBe(404);
    const mario = browser();
    const login = await mario.login('mario@rossi.test', 'password-del-cliente');
    expect(login.body.value).toMatchObject({ customer: { code: 'C1', name: 'Ferramenta Rossi' }, contact: { email: 'mario@rossi.test' } });
    expect(login.setCookie).toMatch(/HttpOnly/i);
    expect(login.setCookie).toMatch(/SameSite=Strict/i);
    expect(login.setCookie).toMatch(/Path=\/portal/);
    // Staff tokens and portal cookies are different worlds.
    expect((await server.call('GET', '/portal/api/session', undefined, lead.token)).status).toBe(401);
  });

  it('a contact of one customer reaches none of another customer’s tickets, hours, statements or orders', async () => {
    const mario = browser();
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const luisa = browser();
    await luisa.login('luisa@bianchi.test', 'password-del-cliente');
    expect((await luisa.call('POST', '/portal/api/orders', { offerId })).body.value.status).toBe('pending');

    const list = await mario.call('GET', '/portal/api/tickets');
    expect(list.body.value.tickets.map((ticket: { number: string }) => ticket.number)).toEqual(['P-1']);
    expect(list.body.value.tickets[0].interventions[0].figures).toMatchObject({ tier: 'billable', workedSeconds: 2400, billedMinutes: 60, grossCents: 9760 });
    // Opened at 10:00 in Rome, work started at 10:10: taken in charge in 10 support minutes, not resolved yet.
    expect(list.body.value.tickets[0].handling).toMatchObject({ taken: true, takeMinutes: 10, resolved: false, takeTargetMinutes: 240 });
    expect((await mario.call('GET', `/portal/api/tickets/${tickets.theirs}`)).status).toBe(404);
    expect((await mario.call('GET', `/portal/api/tickets/${tickets.mine}`)).body.value.number).toBe('P-1');
    expect(JSON.stringify((await mario.call('GET', '/portal/api/orders')).body)).not.toContain('pending');
    expect((await mario.call('GET', '/portal/api/statements/2026-11')).body.value.statement.customer.code).toBe('C1');
    expect((await luisa.call('GET', '/portal/api/statements/2026-11')).body.value.statement.customer.code).toBe('C2');
    expect((await luisa.call('GET', '/portal/api/hours')).body.value.packages).toEqual([]);
    // Every route without a session is refused.
    const stranger = browser();
    for (const path of ['/portal/api/tickets', `/portal/api/tickets/${tickets.mine}`, '/portal/api/hours', '/portal/api/statements/2026-11', '/portal/api/statements/2026-11/pdf', '/portal/api/orders', '/portal/api/offers', '/portal/api/session'])
      expect((await stranger.call('GET', path)).status, path).toBe(401);
  });

  it('repairs: a contact sees only their customer’s, with where each stands, the warranty verdict and the charge', async () => {
    const [mine, theirs, inWarranty, mineRepair, coveredRepair] = [newId(), newId(), newId(), newId(), newId()];
    await lead.push([
      lead.command('device.upsert', { id: mine, customerId: server.customerId, model: 'Cassa touch TX-150', serial: 'SN-PORTAL-1', purchaseDate: '2024-01-15', warrantyMonths: 12 }),
      lead.command('device.upsert', { id: inWarranty, customerId: server.customerId, model: 'Lettore barcode BS-9', serial: 'SN-PORTAL-2', purchaseDate: '2026-06-01', warrantyMonths: 24 }),
      lead.command('device.upsert', { id: theirs, customerId: otherCustomer, model: 'PC ufficio OF-7', serial: 'SN-PORTAL-3', purchaseDate: '2024-01-15', warrantyMonths: 12 }),
    ]);
    const answer = await anna.push([
      anna.command('repair.create', { id: mineRepair, customerId: server.customerId, deviceId: mine, ticketId: tickets.mine, reportedDefect: 'Schermo nero', receivedOn: '2026-11-23' }),
      anna.command('repair.advance', { repairId: mineRepair, status: 'diagnosing' }),
      anna.command('repair.update', { repairId: mineRepair, changes: { diagnosis: 'Alimentatore guasto', labourMinutes: 30, transport: true }, loggedAt: at(60) }),
      anna.command('repair.advance', { repairId: mineRepair, status: 'repairing' }),
      anna.command('repair.advance', { repairId: mineRepair, status: 'ready' }),
      anna.command('repair.create', { id: coveredRepair, customerId: server.customerId, deviceId: inWarranty, ticketId: null, reportedDefect: 'Non legge', receivedOn: '2026-11-23' }),
      anna.command('repair.create', { id: newId(), customerId: otherCustomer, deviceId: theirs, ticketId: null, reportedDefect: 'Segreto di Bianchi', receivedOn: '2026-11-23' }),
    ]);
    expect(answer.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    const mario = browser();
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const { repairs } = (await mario.call('GET', '/portal/api/repairs')).body.value;
    expect(repairs.map((repair: { deviceSerial: string }) => repair.deviceSerial).sort()).toEqual(['SN-PORTAL-1', 'SN-PORTAL-2']);
    const billed = repairs.find((repair: { id: string }) => repair.id === mineRepair);
    expect(billed).toMatchObject({ ticketNumber: 'P-1', status: 'ready', diagnosis: 'Alimentatore guasto', warranty: { covered: false, awaitsConfirmation: false } });
    expect(billed.figures).toMatchObject({ tier: 'billable', billedMinutes: 60, grossCents: 9760, transportBillable: true });
    expect(repairs.find((repair: { id: string }) => repair.id === coveredRepair)).toMatchObject({ status: 'received', warranty: { covered: true }, figures: null });
    expect(JSON.stringify(repairs)).not.toContain('Segreto di Bianchi');
    expect((await browser().call('GET', '/portal/api/repairs')).status).toBe(401);
  });

  it('changes need the session’s CSRF token and this origin; the request form opens a «Modulo online» ticket for the technicians', async () => {
    const mario = browser();
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const request = { subject: 'Il gestionale è lento', description: 'Da stamattina', blocking: false };
    expect((await mario.call('POST', '/portal/api/requests', request, { origin: 'https://attacker.example' })).status).toBe(403);
    mario.forgetCsrf();
    expect((await mario.call('POST', '/portal/api/requests', request)).status).toBe(403);
    expect((await mario.call('POST', '/portal/api/requests', request, { 'x-csrf-token': 'falso' })).status).toBe(403);
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const opened = await mario.call('POST', '/portal/api/requests', request);
    expect(opened.status).toBe(200);
    const ticket = await server.db.selectFrom('tickets').select(['channel', 'customer_id', 'status']).where('id', '=', opened.body.value.ticketId).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ channel: 'web_form', customer_id: server.customerId, status: 'open' });
    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token);
    expect(pulled.body.value.changes.some((change: { entity: string; id: string }) => change.entity === 'ticket' && change.id === opened.body.value.ticketId)).toBe(true);
  });

  it('an order becomes a package when an admin confirms it (once); the residual grows', async () => {
    const mario = browser();
    await mario.login('mario@rossi.test', 'password-del-cliente');
    const order = (await mario.call('POST', '/portal/api/orders', { offerId })).body.value;
    expect(order).toMatchObject({ status: 'pending', minutes: 600, grossCents: 85400 });
    expect((await server.call('POST', '/portal-admin/orders/confirm', { id: order.id }, anna.token)).body.error?.code).toBe('forbidden');
    const pending = await server.call('POST', '/portal-admin/orders', {}, lead.token);
    expect(pending.body.value.orders.map((item: { customerCode: string }) => item.customerCode).sort()).toEqual(['C1', 'C2']);
    expect((await server.call('POST', '/portal-admin/orders/confirm', { id: order.id }, lead.token)).body.value.status).toBe('confirmed');
    expect((await server.call('POST', '/portal-admin/orders/confirm', { id: order.id }, lead.token)).body.error?.code).toBe('conflict');
    const hours = (await mario.call('GET', '/portal/api/hours')).body.value;
    expect(hours.packages).toEqual([expect.objectContaining({ totalMinutes: 600, remainingMinutes: 600, purchasedOn: '2026-11-23', expiresOn: '2027-11-23' })]);
    expect((await mario.call('POST', '/portal/api/preference', { preference: 'consuntivo' })).body.value).toEqual({ preference: 'consuntivo' });
    // The consoles learn the choice with the customer row: the customer card shows it.
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: Record<string, unknown> }>;
    expect(pulled.filter((change) => change.entity === 'customer' && change.id === server.customerId).at(-1)?.data['billingPreference']).toBe('consuntivo');
  });

  it('a lead sees who has access and takes it away at once: sign-in refused, open sessions ended', async () => {
    const giulia = browser();
    await contact(server.customerId, 'paolo@rossi.test');
    expect((await giulia.login('paolo@rossi.test', 'password-del-cliente')).status).toBe(200);
    const listed = await server.call('POST', '/portal-admin/contacts', { customerId: server.customerId }, lead.token);
    const paolo = listed.body.value.contacts.find((item: { email: string }) => item.email === 'paolo@rossi.test');
    expect(paolo).toMatchObject({ status: 'active' });
    expect((await server.call('POST', '/portal-admin/contacts', { customerId: server.customerId }, anna.token)).body.error?.code).toBe('forbidden');
    expect((await server.call('POST', '/portal-admin/contacts/disable', { id: paolo.id }, lead.token)).body.value).toEqual({ disabled: true });
    expect((await giulia.call('GET', '/portal/api/hours')).status).toBe(401);
    expect((await browser().login('paolo@rossi.test', 'password-del-cliente')).status).toBe(401);
    expect((await server.call('POST', '/portal-admin/contacts/disable', { id: paolo.id }, lead.token)).body.error?.code).toBe('conflict');
  });

  it('throttles password guessing like the staff sign-in', async () => {
    const guesser = browser();
    for (let n = 0; n < 5; n++) expect((await guesser.login('luisa@bianchi.test', 'sbagliata')).status).toBe(401);
    expect((await guesser.login('luisa@bianchi.test', 'password-del-cliente')).status).toBe(429);
  });
});
