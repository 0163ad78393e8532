import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { supportCalendarId } from '../../../src/shared/sync/entities.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Handling times (issue 22, item 11): when a ticket is first taken in charge is recorded by the
 * shared decisions, and the targets per priority are calendar data a lead edits. Monday
 * 23 November 2026; the API's clock is Monday evening.
 */
describe.each(engineNames)('handling times (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  const statuses = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results.map((result: { status: string }) => result.status);
  const takenAt = async (id: string) => (await server.db.selectFrom('tickets').select('taken_at').where('id', '=', id).executeTakeFirstOrThrow()).taken_at;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  const open = async (priority: 'P1' | 'P2' | 'P3' | 'P4' = 'P2') => {
    const id = newId();
    expect(statuses(await anna.push([anna.command('ticket.create', { id, number: `HT-${id.slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority, blocking: false, openedAt: '2026-11-23T08:30:00.000Z' })]))).toEqual(['applied']);
    return id;
  };

  it('starting work takes the ticket in charge at the work’s start; later assignments keep the first instant', async () => {
    const ticketId = await open();
    expect(await takenAt(ticketId)).toBeNull();
    const interventionId = newId();
    expect(
      statuses(
        await anna.push([
          anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: '2026-11-23T09:00:00.000Z' }),
          anna.command('intervention.stop', { interventionId, at: '2026-11-23T09:20:00.000Z' }),
        ]),
      ),
    ).toEqual(['applied', 'applied']);
    expect(new Date((await takenAt(ticketId))!).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(statuses(await lead.push([lead.command('ticket.assign', { ticketId, assigneeId: server.users.lead, reason: 'Lo seguo io' })]))).toEqual(['applied']);
    expect(new Date((await takenAt(ticketId))!).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('assigning takes it in charge at the API’s time; closing an untaken ticket takes it at the closure', async () => {
    const assigned = await open();
    expect(statuses(await lead.push([lead.command('ticket.assign', { ticketId: assigned, assigneeId: server.users.anna })]))).toEqual(['applied']);
    expect(new Date((await takenAt(assigned))!).toISOString()).toBe(fixtureEvening().toISOString());
    const closed = await open();
    expect(statuses(await lead.push([lead.command('ticket.close', { ticketId: closed, cause: 'vendor', resolution: 'Risolto al telefono', closedAt: '2026-11-23T10:00:00.000Z' })]))).toEqual(['applied']);
    expect(new Date((await takenAt(closed))!).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('a lead sets the targets of a priority in the calendar; a technician cannot; the consoles learn them', async () => {
    const refused = await anna.push([anna.command('calendar.edit', { edit: { kind: 'setHandlingTarget', priority: 'P1', takeMinutes: 15, resolveMinutes: 120 }, reason: 'Più rapidi' })]);
    expect(refused.body.value.results[0].error.code).toBe('forbidden');
    const inverted = await lead.push([lead.command('calendar.edit', { edit: { kind: 'setHandlingTarget', priority: 'P1', takeMinutes: 300, resolveMinutes: 120 }, reason: 'Errore' })]);
    expect(inverted.body.value.results[0].error.message).toMatch(/più breve della presa in carico/);
    expect(statuses(await lead.push([lead.command('calendar.edit', { edit: { kind: 'setHandlingTarget', priority: 'P1', takeMinutes: 15, resolveMinutes: 120 }, reason: 'Più rapidi' })]))).toEqual(['applied']);
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: { calendar: { handlingTargets: Record<string, unknown> } } }>;
    expect(pulled.filter((change) => change.entity === 'support_calendar' && change.id === supportCalendarId).at(-1)?.data.calendar.handlingTargets['P1']).toEqual({ takeMinutes: 15, resolveMinutes: 120 });
  });
});
