import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/shared/domain/index.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

describe.each(engineNames)('hardware repairs (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server.stop());

  it('records the warranty verdict on the day the device is received and enforces the workflow', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const recent = newId();
    const old = newId();
    const day = '2026-11-23';
    const device = (id: string, serial: string, months: number) => ({ id, customerId: server.customerId, model: 'Cassa TX', serial, purchaseDate: addMonths(day, -months), warrantyMonths: 12 });
    const recentRepair = newId();
    const oldRepair = newId();
    const result = await anna.push([
      anna.command('device.upsert', device(recent, 'R-11', 11)),
      anna.command('device.upsert', device(old, 'R-13', 13)),
      anna.command('repair.create', { id: recentRepair, customerId: server.customerId, deviceId: recent, ticketId: null, reportedDefect: 'Non si accende', receivedOn: day }),
      anna.command('repair.create', { id: oldRepair, customerId: server.customerId, deviceId: old, ticketId: null, reportedDefect: 'Display rotto', receivedOn: day }),
      anna.command('repair.advance', { repairId: recentRepair, status: 'ready' }),
      anna.command('repair.advance', { repairId: recentRepair, status: 'diagnosing' }),
      anna.command('repair.update', { repairId: recentRepair, changes: { diagnosis: 'Alimentatore guasto', labourMinutes: 45, restoreMinutes: 20, transport: true } }),
      anna.command('repair.advance', { repairId: oldRepair, status: 'rejected' }),
      anna.command('repair.update', { repairId: oldRepair, changes: { parts: 'Display' } }),
    ]);
    expect(result.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied', 'rejected']);
    expect(result.body.value.results[4].error.message).toMatch(/non può passare a «Pronto per la restituzione»/);
    const rows = await server.db.selectFrom('repairs').select(['id', 'warranty_covered', 'warranty_expires_on', 'status', 'diagnosis']).orderBy('warranty_covered', 'desc').execute();
    expect(rows).toEqual([
      { id: recentRepair, warranty_covered: 1, warranty_expires_on: addMonths(day, 1), status: 'diagnosing', diagnosis: 'Alimentatore guasto' },
      { id: oldRepair, warranty_covered: 0, warranty_expires_on: addMonths(day, -1), status: 'rejected', diagnosis: '' },
    ]);
  });
});
