import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('a lead corrects the times of finished work (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  const interventionId = newId();
  const first = newId();
  const second = newId();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    const ticketId = newId();
    // 09:00–09:20 and 09:30–10:20: 70 minutes, billed 90 (no contract: an hour, then a half hour).
    const work = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `SG-${ticketId.slice(-6)}`, customerId: server.customerId, channel: 'phone', subject: 'Server lento', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: first, mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(0) }),
      anna.command('intervention.pause', { interventionId, at: at(20) }),
      anna.command('intervention.resume', { interventionId, segmentId: second, at: at(30) }),
      anna.command('intervention.stop', { interventionId, at: at(80) }),
    ]);
    expect(work.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
  });
  afterAll(async () => server.stop());

  const results = (answer: Awaited<ReturnType<TestServer['call']>>) =>
    (answer.body.value.results as Array<{ status: string; error?: { code: string } }>).map((result) => result.error?.code ?? result.status);
  const billedMinutes = async () =>
    (JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow()).billing_json!) as { billedMinutes: number }).billedMinutes;

  it('is the lead’s, needs a reason, and refuses overlaps, inverted or future times', async () => {
    const byTechnician = await anna.push([anna.command('intervention.adjustSegment', { interventionId, segmentId: second, startedAt: at(30), endedAt: at(40), reason: 'Meno' })]);
    expect(results(byTechnician)).toEqual(['forbidden']);
    const refused = await lead.push([
      lead.command('intervention.adjustSegment', { interventionId, segmentId: second, startedAt: at(10), endedAt: at(40), reason: 'Sovrapposto' }),
      lead.command('intervention.adjustSegment', { interventionId, segmentId: second, startedAt: at(40), endedAt: at(35), reason: 'Rovesciato' }),
      lead.command('intervention.adjustSegment', { interventionId, segmentId: second, startedAt: at(30), endedAt: '2026-11-24T10:00:00.000Z', reason: 'Futuro' }),
      lead.command('intervention.adjustSegment', { interventionId, segmentId: newId(), startedAt: at(30), endedAt: at(40), reason: 'Altro' }),
    ]);
    expect(results(refused)).toEqual(['invalid_argument', 'invalid_argument', 'invalid_argument', 'not_found']);
    expect(await billedMinutes()).toBe(90);
  });

  it('moves the segment, the intervention’s end, the billing and the audit trail together', async () => {
    const answer = await lead.push([
      lead.command('intervention.adjustSegment', { interventionId, segmentId: second, startedAt: at(30), endedAt: at(50), reason: 'Pausa pranzo non fermata' }),
    ]);
    expect(results(answer)).toEqual(['applied']);
    expect(await server.db.selectFrom('timer_segments').select(['started_at', 'ended_at']).where('id', '=', second).executeTakeFirstOrThrow()).toEqual({ started_at: at(30), ended_at: at(50) });
    expect((await server.db.selectFrom('interventions').select('stopped_at').where('id', '=', interventionId).executeTakeFirstOrThrow()).stopped_at).toBe(at(50));
    // 40 minutes of work now: one minimum hour.
    expect(await billedMinutes()).toBe(60);
    const audit = await server.db.selectFrom('audit_log').select(['reason', 'actor_id']).where('entity_id', '=', interventionId).where('action', '=', 'intervention.adjustSegment').executeTakeFirstOrThrow();
    expect(audit).toEqual({ reason: 'Pausa pranzo non fermata', actor_id: server.users.lead });
  });
});
