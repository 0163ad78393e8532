import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * The three decisions of domain rules §1 (weekends, vendor faults, bench work) as the API bills
 * them: the same shared rules the console previews with (the differential test keeps both ends in
 * agreement). Saturday 21 November 2026, 10:00–11:30 in Rome; the API's clock is Monday evening.
 */
describe.each(engineNames)('weekends, vendor faults and bench work, billed (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  const saturday = (minutes: number) => new Date(Date.parse('2026-11-21T09:00:00.000Z') + minutes * 60_000).toISOString();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
    // A J-System customer.
    const contractId = newId();
    const at = new Date().toISOString();
    await server.db.insertInto('contracts').values({ id: contractId, customer_id: server.customerId, kind: 'extended', valid_from: '2026-01-01', valid_to: null, created_at: at, updated_at: at }).execute();
    await server.db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'contract', id: contractId }], new Date()));
  });
  afterAll(async () => server.stop());

  /** One intervention on a new Saturday ticket: what the API billed for it. */
  const billedOnSaturday = async (activity: string, minutes: number, blocking: boolean) => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `WE-${newId().slice(-8)}`, customerId: server.customerId, channel: 'weekend_line', subject: 'Sabato', description: '', priority: 'P1', blocking, openedAt: saturday(0) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity, backupCheck: 'confirmed', startedAt: saturday(5) }),
      anna.command('intervention.stop', { interventionId, at: saturday(5 + minutes) }),
    ]);
    expect(answer.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const row = await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow();
    return JSON.parse(row.billing_json!) as { tier: string; flags: string[]; billedMinutes: number; grossCents: number };
  };

  it('a blocking Saturday problem on the vendor’s software is J-System work: 60 minutes included', async () => {
    expect(await billedOnSaturday('software_assistance', 90, true)).toMatchObject({ tier: 'extended', billedMinutes: 30, grossCents: 4880 });
  });

  it('a blocking Saturday virus or third-party problem is not weekend service: billed, flagged', async () => {
    const virus = await billedOnSaturday('virus_removal', 30, true);
    expect(virus).toMatchObject({ tier: 'billable', billedMinutes: 60, grossCents: 9760 });
    expect(virus.flags).toContain('weekend_without_entitlement');
  });

  it('a vendor fault fixed on a Saturday is never billed, even when not blocking', async () => {
    const fault = await billedOnSaturday('service_fault', 45, false);
    expect(fault).toMatchObject({ tier: 'standard', billedMinutes: 0, grossCents: 0 });
    expect(fault.flags).toContain('weekend_without_entitlement');
  });

  it('a repair’s restore typed in on a Saturday costs what it costs on a Monday', async () => {
    const priced = async (loggedAt: string) => {
      const deviceId = newId();
      const repairId = newId();
      await lead.push([lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Cassa', serial: `B-${newId().slice(-8)}`, purchaseDate: '2024-01-10', warrantyMonths: 12 })]);
      const answer = await anna.push([
        anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Sistema corrotto', receivedOn: '2026-11-20' }),
        anna.command('repair.update', { repairId, changes: { restoreMinutes: 60 }, loggedAt }),
        anna.command('repair.advance', { repairId, status: 'diagnosing' }),
        anna.command('repair.advance', { repairId, status: 'repairing' }),
        anna.command('repair.advance', { repairId, status: 'ready' }),
      ]);
      expect(answer.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
      return JSON.parse((await server.db.selectFrom('repairs').select('billing_json').where('id', '=', repairId).executeTakeFirstOrThrow()).billing_json!) as { grossCents: number };
    };
    const onSaturday = await priced(saturday(60));
    const onMonday = await priced('2026-11-23T09:00:00.000Z');
    expect(onSaturday.grossCents).toBe(onMonday.grossCents);
    expect(onSaturday.grossCents).toBe(0);
  });
});
