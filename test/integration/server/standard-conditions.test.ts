import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * The conditions of standard assistance asked at the start (issue 22, item 3) and the place of
 * work in person (item 4), as the API bills and keeps them. Monday 23 November 2026, 10:05 in
 * Rome, a customer with a standard contract only.
 */
describe.each(engineNames)('standard conditions and the place of work (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    const at = new Date().toISOString();
    const contractId = newId();
    await server.db.insertInto('contracts').values({ id: contractId, customer_id: server.customerId, kind: 'standard', valid_from: '2026-01-01', valid_to: null, created_at: at, updated_at: at }).execute();
    await server.db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'contract', id: contractId }], new Date()));
  });
  afterAll(async () => server.stop());

  const worked = async (conditions: { softwareUpToDate?: boolean | null; conformingSetup?: boolean | null }, mode: 'remote' | 'on_site' | 'vendor_site' = 'remote') => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `SC-${newId().slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T09:00:00.000Z' }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode, activity: 'software_assistance', backupCheck: 'confirmed', startedAt: '2026-11-23T09:05:00.000Z', ...conditions }),
      anna.command('intervention.stop', { interventionId, at: '2026-11-23T09:35:00.000Z' }),
    ]);
    expect(answer.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const row = await server.db.selectFrom('interventions').select(['mode', 'software_up_to_date', 'conforming_setup', 'billing_json']).where('id', '=', interventionId).executeTakeFirstOrThrow();
    return { interventionId, row, billing: JSON.parse(row.billing_json!) as { tier: string; reasons: string[]; flags: string[]; billedMinutes: number; grossCents: number } };
  };

  it('answered yes, standard assistance includes the work and says on what it rests', async () => {
    const { row, billing } = await worked({ softwareUpToDate: true, conformingSetup: true });
    expect(row).toMatchObject({ software_up_to_date: 1, conforming_setup: 1 });
    expect(billing).toMatchObject({ tier: 'standard', billedMinutes: 0, grossCents: 0 });
    expect(billing.reasons.join(' ')).toMatch(/Condizioni dell’assistenza standard confermate/);
  });

  it('software not at its latest version: billed, with the reason the customer reads', async () => {
    const { row, billing } = await worked({ softwareUpToDate: false, conformingSetup: true });
    expect(row).toMatchObject({ software_up_to_date: 0, conforming_setup: 1 });
    expect(billing).toMatchObject({ tier: 'billable', billedMinutes: 60, grossCents: 9760 });
    expect(billing.flags).toContain('software_not_latest');
    expect(billing.reasons[0]).toMatch(/richiede software aggiornato e installazione conforme/);
  });

  it('a setup that does not conform is billed too; a correction of the answer prices the work again', async () => {
    const { interventionId, billing } = await worked({ softwareUpToDate: true, conformingSetup: false });
    expect(billing.flags).toContain('non_conforming_setup');
    expect(billing.grossCents).toBe(9760);
    const corrected = await anna.push([anna.command('intervention.edit', { interventionId, changes: { conformingSetup: true } })]);
    expect(corrected.body.value.results[0].status).toBe('applied');
    const after = JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow()).billing_json!);
    expect(after).toMatchObject({ tier: 'standard', grossCents: 0 });
  });

  it('not asked (an older console, a non-standard activity), the conditions are taken as met', async () => {
    const { row, billing } = await worked({});
    expect(row).toMatchObject({ software_up_to_date: null, conforming_setup: null });
    expect(billing.tier).toBe('standard');
  });

  it('work at the vendor’s premises is its own mode, kept and pulled by the consoles', async () => {
    const { interventionId, row } = await worked({ softwareUpToDate: true, conformingSetup: true }, 'vendor_site');
    expect(row.mode).toBe('vendor_site');
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: Record<string, unknown> }>;
    expect(pulled.filter((change) => change.entity === 'intervention' && change.id === interventionId).at(-1)?.data).toMatchObject({ mode: 'vendor_site', softwareUpToDate: true, conformingSetup: true });
  });
});
