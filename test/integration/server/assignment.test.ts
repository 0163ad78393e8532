import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer, fixtureEvening } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z';

describe.each(engineNames)('taking and assigning tickets (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let bruno: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    bruno = await server.consoleFor('bruno@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  const openTicket = async () => {
    const ticketId = newId();
    const created = await lead.push([
      lead.command('ticket.create', { id: ticketId, number: `AS-${ticketId.slice(-6)}`, customerId: server.customerId, channel: 'phone', subject: 'Da assegnare', description: '', priority: 'P3', blocking: false, openedAt: base }),
    ]);
    expect(created.body.value.results[0].status).toBe('applied');
    return ticketId;
  };
  const ticket = (id: string) => server.db.selectFrom('tickets').select(['assignee_id', 'status', 'priority']).where('id', '=', id).executeTakeFirstOrThrow();

  it('starting work on an unassigned ticket makes it the technician’s', async () => {
    const ticketId = await openTicket();
    const started = await anna.push([
      anna.command('intervention.start', { id: newId(), ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: base }),
    ]);
    expect(started.body.value.results[0].status).toBe('applied');
    expect(await ticket(ticketId)).toMatchObject({ assignee_id: server.users.anna, status: 'in_progress' });
    // Now it is hers: a colleague can neither start work on it nor take it.
    const other = await bruno.push([bruno.command('ticket.assign', { ticketId, assigneeId: server.users.bruno })]);
    expect(other.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
  });

  it('a technician takes an unassigned ticket («Prendi in carico») and may give it back', async () => {
    const ticketId = await openTicket();
    const taken = await bruno.push([bruno.command('ticket.assign', { ticketId, assigneeId: server.users.bruno })]);
    expect(taken.body.value.results[0].status).toBe('applied');
    expect((await ticket(ticketId)).assignee_id).toBe(server.users.bruno);
    const released = await bruno.push([bruno.command('ticket.assign', { ticketId, assigneeId: null })]);
    expect(released.body.value.results[0].status).toBe('applied');
    expect((await ticket(ticketId)).assignee_id).toBeNull();
  });

  it('the team lead assigns freely, but takes a ticket from a colleague only with a reason, which is audited', async () => {
    const ticketId = await openTicket();
    const assigned = await lead.push([lead.command('ticket.assign', { ticketId, assigneeId: server.users.anna })]);
    expect(assigned.body.value.results[0].status).toBe('applied');
    const noReason = await lead.push([lead.command('ticket.assign', { ticketId, assigneeId: server.users.bruno })]);
    expect(noReason.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument' } });
    expect((await ticket(ticketId)).assignee_id).toBe(server.users.anna);
    const reassigned = await lead.push([lead.command('ticket.assign', { ticketId, assigneeId: server.users.bruno, reason: 'Anna è in ferie' })]);
    expect(reassigned.body.value.results[0].status).toBe('applied');
    expect((await ticket(ticketId)).assignee_id).toBe(server.users.bruno);
    const audit = await server.db.selectFrom('audit_log').selectAll().where('entity_id', '=', ticketId).where('action', '=', 'ticket.assign').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: server.users.lead, reason: 'Anna è in ferie' });
    // Changing the priority of a colleague's ticket also asks for the reason.
    const priority = await lead.push([lead.command('ticket.update', { ticketId, changes: { priority: 'P1' } })]);
    expect(priority.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument' } });
    const withReason = await lead.push([lead.command('ticket.update', { ticketId, changes: { priority: 'P1' }, reason: 'Cliente fermo' })]);
    expect(withReason.body.value.results[0].status).toBe('applied');
    expect((await ticket(ticketId)).priority).toBe('P1');

    // «Storico modifiche»: read online from the API, by the lead; not by a technician.
    const trail = await server.call('POST', '/review/audit', { entity: 'ticket', id: ticketId }, lead.token);
    expect(trail.status).toBe(200);
    expect(trail.body.value.entries.map((entry: { action: string; reason: string | null }) => [entry.action, entry.reason])).toEqual([
      ['ticket.assign', 'Anna è in ferie'],
      ['ticket.update', 'Cliente fermo'],
    ]);
    expect(trail.body.value.entries[0]).toMatchObject({ actorName: expect.any(String), before: { assigneeId: server.users.anna }, after: { assigneeId: server.users.bruno } });
    const refused = await server.call('POST', '/review/audit', { entity: 'ticket', id: ticketId }, anna.token);
    expect(refused.status).toBe(403);
    const malformed = await server.call('POST', '/review/audit', { entity: 'audit_log', id: ticketId }, lead.token);
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('a technician reads the history of their own intervention: the lead’s approval and adjustment, with the reason', async () => {
    const ticketId = await openTicket();
    const interventionId = newId();
    const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
    const work = await anna.push([
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(0) }),
      anna.command('intervention.stop', { interventionId, at: at(20) }),
    ]);
    expect(work.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    const adjusted = await lead.push([
      lead.command('intervention.edit', { interventionId, changes: { notes: 'Verificata la stampante' }, reason: 'Note mancanti' }),
      lead.command('intervention.approve', { interventionId }),
    ]);
    expect(adjusted.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    const own = await server.call('POST', '/review/audit', { entity: 'intervention', id: interventionId }, anna.token);
    expect(own.status).toBe(200);
    const actions = own.body.value.entries.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['intervention.edit', 'intervention.approve']));
    expect(own.body.value.entries.find((entry: { action: string }) => entry.action === 'intervention.edit')).toMatchObject({ reason: 'Note mancanti' });
    const other = await server.call('POST', '/review/audit', { entity: 'intervention', id: interventionId }, bruno.token);
    expect(other.status).toBe(403);
  });
});
