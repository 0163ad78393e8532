import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Real races: several consoles push conflicting commands on the same ticket or intervention at
 * the same moment, many times. PostgreSQL runs them side by side (row locks decide the order);
 * SQLite serialises them. Either way every answer must match the final state, and no impossible
 * state (a closed ticket with work running, two open segments, a stopped timer still open) exists.
 */
const rounds = 20;
const now = () => new Date().toISOString();
type Result = { status: 'applied' | 'rejected'; error?: { code: string } };

describe.each(engineNames)('racing consoles (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server.stop());

  const identities = async () => ({
    anna: await server.consoleFor('anna@test.it'),
    annaSecondDesk: await server.consoleFor('anna@test.it'),
    lead: await server.consoleFor('lead@test.it'),
    leadSecondDesk: await server.consoleFor('lead@test.it'),
  });
  const first = async (push: Promise<{ body: { value?: { results: Result[] } } }>): Promise<Result> => (await push).body.value!.results[0]!;
  const ticketArgs = () => ({ id: newId(), number: `R-${newId().slice(-10)}`, customerId: server.customerId, channel: 'phone', subject: 'Gara', description: '', priority: 'P3', blocking: false, openedAt: now() });
  const startArgs = (ticketId: string) => ({ id: newId(), ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', startedAt: now() });

  it('start vs close: exactly one wins, and a closed ticket never has work running', async () => {
    const { anna, lead } = await identities();
    for (let round = 0; round < rounds; round++) {
      const ticket = ticketArgs();
      await lead.push([lead.command('ticket.create', ticket)]);
      const start = startArgs(ticket.id);
      const [started, closed] = await Promise.all([
        first(anna.push([anna.command('intervention.start', start)])),
        first(lead.push([lead.command('ticket.close', { ticketId: ticket.id, cause: 'vendor', resolution: 'Risolto', closedAt: now() })])),
      ]);
      const row = await server.db.selectFrom('tickets').select(['status', 'closed_at']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
      const work = await server.db.selectFrom('interventions').select('status').where('ticket_id', '=', ticket.id).execute();
      expect([started.status, closed.status].filter((status) => status === 'applied')).toHaveLength(1);
      if (closed.status === 'applied') {
        expect(row.status).toBe('closed');
        expect(work).toHaveLength(0);
        expect(started.error?.code).toBe('stale');
      } else {
        expect(row).toEqual({ status: 'in_progress', closed_at: null });
        expect(work).toEqual([{ status: 'running' }]);
        expect(closed.error?.code).toBe('stale');
      }
    }
  });

  it('close vs close: one closure, one mail, the other told the ticket is already closed', async () => {
    const { lead, leadSecondDesk } = await identities();
    for (let round = 0; round < rounds; round++) {
      const ticket = ticketArgs();
      await lead.push([lead.command('ticket.create', ticket)]);
      const [a, b] = await Promise.all([
        first(lead.push([lead.command('ticket.close', { ticketId: ticket.id, cause: 'vendor', resolution: 'Prima', closedAt: now() })])),
        first(leadSecondDesk.push([leadSecondDesk.command('ticket.close', { ticketId: ticket.id, cause: 'customer', resolution: 'Seconda', closedAt: now() })])),
      ]);
      expect([a.status, b.status].sort()).toEqual(['applied', 'rejected']);
      const winner = a.status === 'applied' ? 'Prima' : 'Seconda';
      const row = await server.db.selectFrom('tickets').select(['status', 'resolution']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'closed', resolution: winner });
      expect([a, b].find((result) => result.status === 'rejected')?.error?.code).toBe('stale');
      const mails = await server.db.selectFrom('mail_outbox').select('id').where('ticket_id', '=', ticket.id).execute();
      expect(mails.length).toBeLessThanOrEqual(1);
    }
  });

  it('edit vs approve: the answer tells whether the edit made it in before the approval locked it', async () => {
    const { anna, lead } = await identities();
    for (let round = 0; round < rounds; round++) {
      const ticket = ticketArgs();
      const start = startArgs(ticket.id);
      await anna.push([anna.command('ticket.create', ticket), anna.command('intervention.start', start), anna.command('intervention.stop', { interventionId: start.id, at: now() })]);
      const [edited, approved] = await Promise.all([
        first(anna.push([anna.command('intervention.edit', { interventionId: start.id, changes: { notes: `Nota ${round}` } })])),
        first(lead.push([lead.command('intervention.approve', { interventionId: start.id })])),
      ]);
      expect(approved.status).toBe('applied');
      const row = await server.db.selectFrom('interventions').select(['approved', 'notes']).where('id', '=', start.id).executeTakeFirstOrThrow();
      expect(row.approved).toBe(1);
      if (edited.status === 'applied') expect(row.notes).toBe(`Nota ${round}`);
      else {
        expect(edited.error?.code).toBe('locked');
        expect(row.notes).toBe('');
      }
    }
  });

  it('pause vs stop from two desks: the intervention ends stopped with one closed segment and one evaluation', async () => {
    const { anna, annaSecondDesk } = await identities();
    for (let round = 0; round < rounds; round++) {
      const ticket = ticketArgs();
      const start = startArgs(ticket.id);
      await anna.push([anna.command('ticket.create', ticket), anna.command('intervention.start', start)]);
      const at = now();
      const [paused, stopped] = await Promise.all([
        first(anna.push([anna.command('intervention.pause', { interventionId: start.id, at })])),
        first(annaSecondDesk.push([annaSecondDesk.command('intervention.stop', { interventionId: start.id, at })])),
      ]);
      expect(stopped.status).toBe('applied');
      if (paused.status === 'rejected') expect(paused.error?.code).toBe('stale');
      const row = await server.db.selectFrom('interventions').select(['status', 'stopped_at']).where('id', '=', start.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('stopped');
      const segments = await server.db.selectFrom('timer_segments').select('ended_at').where('intervention_id', '=', start.id).execute();
      expect(segments).toHaveLength(1);
      expect(segments[0]?.ended_at).not.toBeNull();
      const evaluations = await server.db.selectFrom('audit_log').select('id').where('entity_id', '=', start.id).where('action', '=', 'billing.evaluate').execute();
      expect(evaluations.length).toBeLessThanOrEqual(1);
    }
  });

  it('leaves no impossible state anywhere', async () => {
    const closedWithWork = await server.db
      .selectFrom('tickets')
      .innerJoin('interventions', 'interventions.ticket_id', 'tickets.id')
      .select('tickets.id')
      .where('tickets.status', '=', 'closed')
      .where('interventions.status', '!=', 'stopped')
      .execute();
    expect(closedWithWork).toEqual([]);
    const stoppedButOpen = await server.db
      .selectFrom('interventions')
      .innerJoin('timer_segments', 'timer_segments.intervention_id', 'interventions.id')
      .select('interventions.id')
      .where('interventions.status', '!=', 'running')
      .where('timer_segments.ended_at', 'is', null)
      .execute();
    expect(stoppedButOpen).toEqual([]);
    const closedWithoutDate = await server.db.selectFrom('tickets').select('id').where('status', '=', 'closed').where('closed_at', 'is', null).execute();
    expect(closedWithoutDate).toEqual([]);
  });
});
