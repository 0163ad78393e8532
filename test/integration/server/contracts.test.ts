import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Contracts as data (issue 23, item 2): a lead records, amends and ends a customer's contracts with
 * a reason, audited; overlaps of the same kind are refused; the customer's open work is priced
 * again, and a change to work already stated in a closed month shows as an adjustment now.
 */
describe.each(engineNames)('contracts as data (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = new Date('2026-11-23T17:00:00.000Z');
  const statuses = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results.map((result: { status: string }) => result.status);
  const errorOf = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results[0].error as { code: string; message: string };
  const billed = async (id: string) => JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', id).executeTakeFirstOrThrow()).billing_json!) as { tier: string; grossCents: number };
  const standardId = newId();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  it('only a lead records a contract, with a reason; periods of the same kind never overlap', async () => {
    const contract = { id: standardId, customerId: server.customerId, kind: 'standard' as const, validFrom: '2026-12-01', validTo: null, notes: 'Offerta 2026/118', reason: 'Contratto firmato' };
    expect(errorOf(await anna.push([anna.command('contract.add', contract)])).code).toBe('forbidden');
    expect(statuses(await lead.push([lead.command('contract.add', contract)]))).toEqual(['applied']);
    const overlapping = await lead.push([lead.command('contract.add', { ...contract, id: newId(), validFrom: '2027-03-01', validTo: '2027-12-31' })]);
    expect(errorOf(overlapping)).toMatchObject({ code: 'conflict', message: expect.stringMatching(/contratto di assistenza standard dal 1 dicembre 2026, senza scadenza: le date si sovrappongono/) });
    const backwards = await lead.push([lead.command('contract.add', { ...contract, id: newId(), kind: 'extended', validFrom: '2027-03-01', validTo: '2027-02-01' })]);
    expect(errorOf(backwards).message).toMatch(/terminare nello stesso giorno o dopo/);
    // J-System is a module on top of the standard contract: the two may overlap.
    expect(statuses(await lead.push([lead.command('contract.add', { ...contract, id: newId(), kind: 'extended', validFrom: '2027-01-01', validTo: '2027-12-31', notes: null })]))).toEqual(['applied']);
    const stored = await server.db.selectFrom('contracts').select(['kind', 'valid_from', 'valid_to', 'notes']).where('id', '=', standardId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'standard', valid_from: '2026-12-01', valid_to: null, notes: 'Offerta 2026/118' });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason', 'actor_id']).where('entity_id', '=', standardId).execute();
    expect(audit).toEqual([{ action: 'contract.add', reason: 'Contratto firmato', actor_id: server.users.lead }]);
  });

  it('a contract backdated over open work prices it again; the change to a stated month is an adjustment in the current one', async () => {
    const [ticketId, interventionId] = [newId(), newId()];
    expect(
      statuses(
        await anna.push([
          anna.command('ticket.create', { id: ticketId, number: `CT-${ticketId.slice(-8)}`, customerId: server.customerId, channel: 'phone', subject: 'Gestionale', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T09:00:00.000Z' }),
          anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: '2026-11-23T09:05:00.000Z' }),
          anna.command('intervention.stop', { interventionId, at: '2026-11-23T09:45:00.000Z' }),
        ]),
      ),
    ).toEqual(['applied', 'applied', 'applied']);
    // No contract on 23 November: an hour billed.
    expect(await billed(interventionId)).toMatchObject({ tier: 'billable', grossCents: 9760 });
    now = new Date('2026-12-02T10:00:00.000Z');
    // The signed contract actually started in January: the lead corrects its start.
    const amended = await lead.push([lead.command('contract.amend', { contractId: standardId, customerId: server.customerId, changes: { validFrom: '2026-01-01' }, reason: 'Decorrenza corretta: firmato a gennaio' })]);
    expect(statuses(amended)).toEqual(['applied']);
    expect(await billed(interventionId)).toMatchObject({ tier: 'standard', grossCents: 0 });
    const december = (await server.call('GET', '/reports/statements/2026-12', undefined, lead.token)).body.value;
    const line = december.statements[0].lines.find((item: { ticketNumber: string }) => item.ticketNumber === `CT-${ticketId.slice(-8)}`);
    expect(line).toMatchObject({ adjustment: true, grossCents: -9760 });
    const november = (await server.call('GET', '/reports/statements/2026-11', undefined, lead.token)).body.value;
    expect(november.statements[0].lines.find((item: { ticketNumber: string }) => item.ticketNumber === `CT-${ticketId.slice(-8)}`)).toMatchObject({ grossCents: 9760, adjustment: false });
  });

  it('ending a contract sets its last day, audited; an end before its start is refused', async () => {
    const early = await lead.push([lead.command('contract.end', { contractId: standardId, customerId: server.customerId, lastDay: '2025-12-31', reason: 'Disdetta' })]);
    expect(errorOf(early).message).toMatch(/terminare nello stesso giorno o dopo/);
    expect(statuses(await lead.push([lead.command('contract.end', { contractId: standardId, customerId: server.customerId, lastDay: '2026-12-31', reason: 'Disdetta del cliente' })]))).toEqual(['applied']);
    expect((await server.db.selectFrom('contracts').select('valid_to').where('id', '=', standardId).executeTakeFirstOrThrow()).valid_to).toBe('2026-12-31');
    const actions = (await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', standardId).orderBy('created_at').execute()).map((row) => row.action);
    expect(actions).toEqual(['contract.add', 'contract.amend', 'contract.end']);
    // The consoles learn the contract as it now stands.
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: Record<string, unknown> }>;
    expect(pulled.filter((change) => change.entity === 'contract' && change.id === standardId).at(-1)?.data).toMatchObject({ validFrom: '2026-01-01', validTo: '2026-12-31', notes: 'Offerta 2026/118' });
  });
});
