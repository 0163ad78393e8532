import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { newId } from '../../../src/shared/ids.ts';
import { billingPolicyId } from '../../../src/shared/sync/entities.ts';
import { engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * The billing policy as versioned data (issue 22, item 6): an admin sets a new rate from a future
 * day; work is priced with the version of its own day, so November's work keeps November's rate
 * even when it is priced again in December, and a closed month never changes.
 */
describe.each(engineNames)('the billing policy as data (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let admin: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = new Date('2026-11-23T17:00:00.000Z');
  const newRate = { effectiveFrom: '2026-12-01', hourlyRateCents: 9000, vatRateBasisPoints: 2200, minimumMinutes: 60, incrementMinutes: 30, extendedIncludedMinutes: 60, transportFeeCents: 3000, reason: 'Listino 2027' };
  const statuses = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results.map((result: { status: string }) => result.status);
  const billed = async (id: string) => JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', id).executeTakeFirstOrThrow()).billing_json!) as { policyVersion: string; netCents: number };

  /** An hour of billable work (no contract) on a ticket of its own, started at `startedAt`. */
  const anHour = async (startedAt: string) => {
    const [ticketId, interventionId] = [newId(), newId()];
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `BP-${ticketId.slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Consulenza', description: '', priority: 'P3', blocking: false, openedAt: startedAt }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'consultancy', backupCheck: 'confirmed', startedAt }),
      anna.command('intervention.stop', { interventionId, at: new Date(Date.parse(startedAt) + 50 * 60_000).toISOString() }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied', 'applied']);
    return { ticketId, interventionId };
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    await createUser(server.db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    admin = await server.consoleFor('admin@test.it');
  });
  afterAll(async () => server.stop());

  it('only an admin sets a rate, from tomorrow at the earliest, audited; the consoles learn it', async () => {
    for (const someone of [anna, lead]) expect((await someone.push([someone.command('policy.set', newRate)])).body.value.results[0].error.code).toBe('forbidden');
    const today = await admin.push([admin.command('policy.set', { ...newRate, effectiveFrom: '2026-11-23' })]);
    expect(today.body.value.results[0].error.message).toMatch(/dal giorno successivo/);
    expect(statuses(await admin.push([admin.command('policy.set', newRate)]))).toEqual(['applied']);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', billingPolicyId).execute();
    expect(audit).toEqual([{ action: 'policy.set', reason: 'Listino 2027' }]);
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; data: { versions: Array<{ effectiveFrom: string }> } }>;
    expect(pulled.find((change) => change.entity === 'billing_policy')?.data.versions.map((version) => version.effectiveFrom)).toEqual(['2026-12-01']);
  });

  it('work is priced with the version of its own day, also when it is priced again later', async () => {
    const november = await anHour('2026-11-23T09:00:00.000Z');
    expect(await billed(november.interventionId)).toMatchObject({ policyVersion: '2026-12-03', netCents: 8000 });
    now = new Date('2026-12-02T17:00:00.000Z');
    const december = await anHour('2026-12-02T09:00:00.000Z');
    expect(await billed(december.interventionId)).toMatchObject({ policyVersion: '2026-12-01', netCents: 9000 });
    // November's ticket closed in December with cause customer: priced again, still at November's rate.
    expect(statuses(await anna.push([anna.command('ticket.close', { ticketId: november.ticketId, cause: 'customer', resolution: 'Configurazione del cliente', closedAt: '2026-12-02T10:00:00.000Z' })]))).toEqual(['applied']);
    expect(await billed(november.interventionId)).toMatchObject({ policyVersion: '2026-12-03', netCents: 8000 });
  });
});
