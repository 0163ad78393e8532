import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * The facts of a ticket corrected after intake (issue 22, item 2). Saturday 21 November 2026,
 * 10:05–11:35 in Rome, a J-System customer; the API's clock is Monday evening.
 */
describe.each(engineNames)('correcting a ticket after intake (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let otherCustomer: string;
  const saturday = (minutes: number) => new Date(Date.parse('2026-11-21T09:00:00.000Z') + minutes * 60_000).toISOString();
  const statuses = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results.map((result: { status: string }) => result.status);
  const billing = async (id: string) =>
    JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', id).executeTakeFirstOrThrow()).billing_json!) as { tier: string; billedMinutes: number; grossCents: number; flags: string[] };
  const ticket = (id: string) => server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    const at = new Date().toISOString();
    const contractId = newId();
    otherCustomer = newId();
    await server.db.insertInto('contracts').values({ id: contractId, customer_id: server.customerId, kind: 'extended', valid_from: '2026-01-01', valid_to: null, created_at: at, updated_at: at }).execute();
    await server.db.insertInto('customers').values({ id: otherCustomer, code: 'C2', name: 'Cartoleria Bianchi', vat_number: null, email: null, phone: null, city: 'Lecco', created_at: at, updated_at: at }).execute();
    await server.db.transaction().execute((trx) =>
      recordChanges(trx, [{ entity: 'contract', id: contractId }, { entity: 'customer', id: otherCustomer }, { entity: 'hour_bank', id: otherCustomer }], new Date()),
    );
  });
  afterAll(async () => server.stop());

  /** A Saturday ticket taken as not blocking, with 90 minutes on the vendor's software. */
  const saturdayWork = async () => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `CR-${newId().slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority: 'P3', blocking: false, openedAt: saturday(0) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: saturday(5) }),
      anna.command('intervention.stop', { interventionId, at: saturday(95) }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied', 'applied']);
    return { ticketId, interventionId };
  };

  it('a blocking flag set after the work needs a reason, is audited, and prices the work again', async () => {
    const { ticketId, interventionId } = await saturdayWork();
    // Not blocking on a Saturday: no weekend service, 90 minutes billed in full.
    expect(await billing(interventionId)).toMatchObject({ tier: 'billable', billedMinutes: 90, grossCents: 14640 });

    const unexplained = await anna.push([anna.command('ticket.update', { ticketId, changes: { blocking: true, channel: 'weekend_line' } })]);
    expect(unexplained.body.value.results[0].error.message).toMatch(/Indica il motivo: la correzione cambia il prezzo/);
    expect(await ticket(ticketId)).toMatchObject({ blocking: 0, channel: 'phone' });

    const reason = 'Il cliente ha chiamato il numero weekend: cassa ferma';
    expect(statuses(await anna.push([anna.command('ticket.update', { ticketId, changes: { blocking: true, channel: 'weekend_line' }, reason })]))).toEqual(['applied']);
    expect(await ticket(ticketId)).toMatchObject({ blocking: 1, channel: 'weekend_line' });
    // J-System weekend service now: 60 minutes included, 30 billed.
    expect(await billing(interventionId)).toMatchObject({ tier: 'extended', billedMinutes: 30, grossCents: 4880 });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor_id', 'reason', 'before_json', 'after_json']).where('entity_id', '=', ticketId).where('action', '=', 'ticket.update').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: server.users.anna, reason });
    expect(JSON.parse(audit.before_json!)).toEqual({ blocking: false, channel: 'phone' });
    expect(JSON.parse(audit.after_json!)).toEqual({ blocking: true, channel: 'weekend_line' });

    // The console learns the new figures at the next pull.
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: { billing: { billedMinutes: number } | null } }>;
    expect(pulled.filter((change) => change.entity === 'intervention' && change.id === interventionId).at(-1)?.data.billing?.billedMinutes).toBe(30);
  });

  it('a correction that changes no money needs no reason and leaves no audit', async () => {
    const { ticketId } = await saturdayWork();
    expect(statuses(await anna.push([anna.command('ticket.update', { ticketId, changes: { channel: 'whatsapp', subject: 'Gestionale lento', description: 'Dal cliente: lento da stamattina' } })]))).toEqual(['applied']);
    expect(await ticket(ticketId)).toMatchObject({ channel: 'whatsapp', subject: 'Gestionale lento' });
    expect(await server.db.selectFrom('audit_log').select('id').where('entity_id', '=', ticketId).where('action', '=', 'ticket.update').execute()).toEqual([]);
    // Setting what the ticket already holds is no correction at all.
    expect(statuses(await anna.push([anna.command('ticket.update', { ticketId, changes: { blocking: false } })]))).toEqual(['applied']);
  });

  it('the customer can be corrected before any billed work, not after', async () => {
    const ticketId = newId();
    const opened = await anna.push([anna.command('ticket.create', { id: ticketId, number: `CC-${newId().slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T08:00:00.000Z' })]);
    expect(statuses(opened)).toEqual(['applied']);
    expect(statuses(await anna.push([anna.command('ticket.update', { ticketId, changes: { customerId: otherCustomer } })]))).toEqual(['applied']);
    expect((await ticket(ticketId)).customer_id).toBe(otherCustomer);
    const unknown = await anna.push([anna.command('ticket.update', { ticketId, changes: { customerId: newId() } })]);
    expect(unknown.body.value.results[0].error.code).toBe('not_found');

    const { ticketId: billed } = await saturdayWork();
    const refused = await anna.push([anna.command('ticket.update', { ticketId: billed, changes: { customerId: otherCustomer }, reason: 'Aperto sul cliente sbagliato' })]);
    expect(refused.body.value.results[0].error.message).toMatch(/c’è già lavoro addebitato/);
    expect((await ticket(billed)).customer_id).toBe(server.customerId);
  });

  it('a lead corrects a colleague’s ticket only with a reason', async () => {
    const { ticketId } = await saturdayWork();
    const silent = await lead.push([lead.command('ticket.update', { ticketId, changes: { priority: 'P1' } })]);
    expect(silent.body.value.results[0].error.code).toBe('invalid_argument');
    expect(statuses(await lead.push([lead.command('ticket.update', { ticketId, changes: { priority: 'P1' }, reason: 'Cliente fermo' })]))).toEqual(['applied']);
  });
});
