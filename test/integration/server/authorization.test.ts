import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../../src/shared/sync/commands.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer, fixtureEvening } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('authorization matrix (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let bruno: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  const ticketId = newId();
  const runningId = newId();
  const stoppedId = newId();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    bruno = await server.consoleFor('bruno@test.it');
    lead = await server.consoleFor('lead@test.it');
    const setup = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'AUTH-1', customerId: server.customerId, channel: 'phone', subject: 'Di Anna', description: '', priority: 'P3', blocking: false, openedAt: base }),
      anna.command('ticket.assign', { ticketId, assigneeId: server.users.anna }),
      anna.command('intervention.start', { id: stoppedId, ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: base }),
      anna.command('intervention.stop', { interventionId: stoppedId, at: later(10) }),
      anna.command('intervention.start', { id: runningId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: later(20) }),
    ]);
    expect(setup.body.value.results.every((r: any) => r.status === 'applied')).toBe(true);
  });
  afterAll(async () => server.stop());

  const attempts: Array<[string, () => { name: CommandName; args: unknown }]> = [
    ['ticket.update', () => ({ name: 'ticket.update', args: { ticketId, changes: { priority: 'P1' } } })],
    ['ticket.assign (to self)', () => ({ name: 'ticket.assign', args: { ticketId, assigneeId: server.users.bruno } })],
    ['ticket.close', () => ({ name: 'ticket.close', args: { ticketId, cause: 'vendor', resolution: 'x', closedAt: later(60) } })],
    ['intervention.start on her ticket', () => ({ name: 'intervention.start', args: { id: newId(), ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: later(30) } })],
    ['intervention.pause', () => ({ name: 'intervention.pause', args: { interventionId: runningId, at: later(30) } })],
    ['intervention.stop', () => ({ name: 'intervention.stop', args: { interventionId: runningId, at: later(30) } })],
    ['intervention.edit', () => ({ name: 'intervention.edit', args: { interventionId: stoppedId, changes: { notes: 'mie note' } } })],
    ['intervention.approve', () => ({ name: 'intervention.approve', args: { interventionId: stoppedId } })],
  ];

  it.each(attempts)('another technician cannot %s', async (_label, make) => {
    const { name, args } = make();
    const result = await bruno.push([bruno.command(name, args)]);
    expect(result.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
  });

  it('logs every refused attempt for the team lead', async () => {
    const rows = await server.db.selectFrom('audit_log').select(['actor_id', 'action']).where('action', '=', 'security.rejected').execute();
    expect(rows.filter((row) => row.actor_id === server.users.bruno).length).toBeGreaterThanOrEqual(attempts.length);
  });

  it('a console registered for one user cannot be used by another', async () => {
    const stolen = await server.call('POST', '/sync/push', { clientId: anna.clientId, commands: [{ mutationId: 99, name: 'ticket.update', args: {}, issuedAt: base }] }, bruno.token);
    expect(stolen.status).toBe(403);
  });

  it('the team lead may adjust anyone’s work; approval then locks it for the technician', async () => {
    const approve = await lead.push([lead.command('intervention.approve', { interventionId: stoppedId })]);
    expect(approve.body.value.results[0].status).toBe('applied');
    const edit = await anna.push([anna.command('intervention.edit', { interventionId: stoppedId, changes: { notes: 'dopo approvazione' } })]);
    expect(edit.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'locked' } });
    const noReason = await lead.push([lead.command('intervention.edit', { interventionId: stoppedId, changes: { notes: 'corretto' } })]);
    expect(noReason.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument' } });
    const leadEdit = await lead.push([
      lead.command('intervention.edit', { interventionId: stoppedId, changes: { notes: 'corretto dal team leader' }, reason: 'Note incomplete' }),
    ]);
    expect(leadEdit.body.value.results[0].status).toBe('applied');
    const audit = await server.db.selectFrom('audit_log').selectAll().where('entity_id', '=', stoppedId).where('action', '=', 'intervention.edit').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: server.users.lead, reason: 'Note incomplete' });
  });
});
