import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/shared/domain/index.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

describe.each(engineNames)('hardware repairs (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
  });
  afterAll(async () => server.stop());

  it('records the warranty verdict on the day the device is received and enforces the workflow', async () => {
    const anna = await server.consoleFor('anna@test.it');
    // Devices loaded by a team lead: their warranty data needs no confirmation.
    const lead = await server.consoleFor('lead@test.it');
    const recent = newId();
    const old = newId();
    const day = '2026-11-23';
    const device = (id: string, serial: string, months: number) => ({ id, customerId: server.customerId, model: 'Cassa TX', serial, purchaseDate: addMonths(day, -months), warrantyMonths: 12 });
    const recentRepair = newId();
    const oldRepair = newId();
    const loaded = await lead.push([lead.command('device.upsert', device(recent, 'R-11', 11)), lead.command('device.upsert', device(old, 'R-13', 13))]);
    expect(loaded.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    const result = await anna.push([
      anna.command('repair.create', { id: recentRepair, customerId: server.customerId, deviceId: recent, ticketId: null, reportedDefect: 'Non si accende', receivedOn: day }),
      anna.command('repair.create', { id: oldRepair, customerId: server.customerId, deviceId: old, ticketId: null, reportedDefect: 'Display rotto', receivedOn: day }),
      anna.command('repair.advance', { repairId: recentRepair, status: 'ready' }),
      anna.command('repair.advance', { repairId: recentRepair, status: 'diagnosing' }),
      anna.command('repair.update', { repairId: recentRepair, changes: { diagnosis: 'Alimentatore guasto', labourMinutes: 45, restoreMinutes: 20, transport: true } }),
      anna.command('repair.advance', { repairId: oldRepair, status: 'rejected' }),
      anna.command('repair.update', { repairId: oldRepair, changes: { parts: 'Display' } }),
    ]);
    expect(result.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied', 'applied', 'rejected']);
    expect(result.body.value.results[2].error.message).toMatch(/non può passare a «Pronto per la restituzione»/);
    const rows = await server.db.selectFrom('repairs').select(['id', 'warranty_covered', 'warranty_expires_on', 'status', 'diagnosis']).orderBy('warranty_covered', 'desc').execute();
    expect(rows).toEqual([
      { id: recentRepair, warranty_covered: 1, warranty_expires_on: addMonths(day, 1), status: 'diagnosing', diagnosis: 'Alimentatore guasto' },
      { id: oldRepair, warranty_covered: 0, warranty_expires_on: addMonths(day, -1), status: 'rejected', diagnosis: '' },
    ]);
  });
});

describe.each(engineNames)('repair charges through the hour bank (%s)', (engine) => {
  // Sunday evening: the labour below was logged on Saturday.
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => new Date('2026-11-29T18:00:00.000Z') });
    const at = new Date().toISOString();
    await server.db
      .insertInto('hour_bank_ledger')
      .values({ id: newId(), customer_id: server.customerId, entry_type: 'grant', source: 'free', package_id: null, minutes: 60, intervention_id: null, repair_id: null, reason: 'test', author_id: null, created_at: at })
      .execute();
  });
  afterAll(async () => server.stop());

  const drawnFor = async (repairId: string) =>
    (await server.db.selectFrom('hour_bank_ledger').select(['entry_type', 'source', 'minutes']).where('repair_id', '=', repairId).orderBy('created_at').orderBy('entry_type').execute()).map(
      (row) => ({ ...row, minutes: Number(row.minutes) }),
    );

  it('classifies labour when it is logged (warranty first, even on a weekend) and draws finished work like an intervention', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const lead = await server.consoleFor('lead@test.it');
    const deviceId = newId();
    const repairId = newId();
    const saturday = '2026-11-28T10:00:00.000Z';
    await lead.push([lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Cassa TX', serial: 'W-1', purchaseDate: '2026-06-01', warrantyMonths: 12 })]);
    const first = await anna.push([
      anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Non si accende', receivedOn: '2026-11-27' }),
      anna.command('repair.update', { repairId, changes: { labourMinutes: 90, restoreMinutes: 30 }, loggedAt: saturday }),
      anna.command('repair.advance', { repairId, status: 'diagnosing' }),
      anna.command('repair.advance', { repairId, status: 'repairing' }),
    ]);
    expect(first.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Not finished: nothing is charged yet.
    expect(await drawnFor(repairId)).toEqual([]);

    await anna.push([anna.command('repair.advance', { repairId, status: 'ready' })]);
    const repair = await server.db.selectFrom('repairs').select(['billing_json', 'labour_logged_at']).where('id', '=', repairId).executeTakeFirstOrThrow();
    expect(repair.labour_logged_at).toBe(saturday);
    const figures = JSON.parse(repair.billing_json!);
    expect(figures).toMatchObject({ labour: { tier: 'warranty', minutes: 90 }, restore: { tier: 'billable', minutes: 30 }, billedMinutes: 60, invoicedMinutes: 0, allocation: [{ source: 'free', minutes: 60 }] });
    expect(await drawnFor(repairId)).toEqual([{ entry_type: 'draw', source: 'free', minutes: -60 }]);

    // More restore time on the finished repair: the previous draw is reversed and the new one taken.
    await anna.push([anna.command('repair.update', { repairId, changes: { restoreMinutes: 100 }, loggedAt: '2026-11-29T09:00:00.000Z' })]);
    const ledger = await drawnFor(repairId);
    expect(ledger.reduce((sum, row) => sum + row.minutes, 0)).toBe(-120);
    expect(ledger.filter((row) => row.entry_type === 'reversal')).toEqual([{ entry_type: 'reversal', source: 'free', minutes: 60 }]);
    const again = JSON.parse((await server.db.selectFrom('repairs').select('billing_json').where('id', '=', repairId).executeTakeFirstOrThrow()).billing_json!);
    expect(again).toMatchObject({ billedMinutes: 120, invoicedMinutes: 60, grossCents: 9760, allocation: [{ source: 'free', minutes: 60 }, { source: 'invoice', minutes: 60 }] });
    const audits = await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', repairId).where('action', '=', 'billing.evaluate').execute();
    expect(audits).toHaveLength(2);
    // The consoles learn the new figures and the emptied allowance.
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as any[];
    expect(pulled.find((change: any) => change.entity === 'repair' && change.id === repairId)?.data.billing.billedMinutes).toBe(120);
    expect(pulled.find((change: any) => change.entity === 'hour_bank' && change.id === server.customerId)?.data.freeMinutes).toBe(0);
  });

  it('refuses labour logged in the future or before the device was received, with the reason', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const deviceId = newId();
    const repairId = newId();
    await anna.push([
      anna.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Cassa TX', serial: 'W-2', purchaseDate: '2026-06-01', warrantyMonths: 12 }),
      anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Non si accende', receivedOn: '2026-11-27' }),
    ]);
    const answer = await anna.push([
      anna.command('repair.update', { repairId, changes: { labourMinutes: 30 }, loggedAt: '2026-11-30T09:00:00.000Z' }),
      anna.command('repair.update', { repairId, changes: { labourMinutes: 30 }, loggedAt: '2026-11-26T09:00:00.000Z' }),
      anna.command('repair.update', { repairId, changes: { diagnosis: 'Scheda madre' }, loggedAt: '2026-11-26T09:00:00.000Z' }),
    ]);
    const results = answer.body.value.results;
    expect(results.map((r: any) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
    expect(results[0].error.message).toMatch(/nel futuro/);
    expect(results[1].error.message).toMatch(/prima del ricevimento/);
  });
});
