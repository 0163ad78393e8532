import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Every date that decides money is the server's, or a lead's (issue: backdated warranty). Today is
 * Monday 23 November 2026 for the API; the backdating tolerance is 7 days.
 */
describe.each(engineNames)('dates that decide the warranty (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  const statuses = (answer: Awaited<ReturnType<typeof anna.push>>) => answer.body.value.results.map((result: { status: string }) => result.status);
  const repairRow = (id: string) => server.db.selectFrom('repairs').select(['warranty_covered', 'review_reason', 'billing_json']).where('id', '=', id).executeTakeFirstOrThrow();
  const grossOf = async (id: string) => JSON.parse((await repairRow(id)).billing_json ?? 'null')?.grossCents as number | undefined;
  const auditsOf = async (id: string) => (await server.db.selectFrom('audit_log').select(['action', 'actor_id', 'reason']).where('entity_id', '=', id).orderBy('created_at').execute()).filter((row) => row.action !== 'billing.evaluate');
  /** An hour of repair labour, finished: what it costs the customer. */
  const finishWithAnHour = async (repairId: string) =>
    statuses(
      await anna.push([
        anna.command('repair.advance', { repairId, status: 'diagnosing' }),
        anna.command('repair.advance', { repairId, status: 'repairing' }),
        anna.command('repair.update', { repairId, changes: { labourMinutes: 60 }, loggedAt: '2026-11-23T15:00:00.000Z' }),
        anna.command('repair.advance', { repairId, status: 'ready' }),
      ]),
    );

  it('a receipt backdated to when an expired device was covered is kept, billed out of warranty, audited, and free only once a lead approves it', async () => {
    const deviceId = newId();
    const repairId = newId();
    // Loaded by the lead: bought 1 June 2025, 12 months, expired on 1 June 2026.
    expect(statuses(await lead.push([lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Cassa TX', serial: 'EXP-1', purchaseDate: '2025-06-01', warrantyMonths: 12 })]))).toEqual(['applied']);
    // A technician says it arrived on 20 May 2026, when it was still covered.
    expect(statuses(await anna.push([anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Non si accende', receivedOn: '2026-05-20' })]))).toEqual(['applied']);
    const received = await repairRow(repairId);
    expect(received.warranty_covered).toBe(0);
    expect(received.review_reason).toMatch(/20 maggio 2026.*oltre 7 giorni/);
    expect(await auditsOf(repairId)).toEqual([{ action: 'repair.receiptReview', actor_id: server.users.anna, reason: received.review_reason }]);

    expect(await finishWithAnHour(repairId)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Provisionally the stricter verdict: an hour of labour at 80 € + VAT.
    expect(await grossOf(repairId)).toBe(9760);

    // Only a lead approves it; then the warranty of that day applies and the charge is reversed.
    const refused = await anna.push([anna.command('repair.approveReceipt', { repairId, deviceId })]);
    expect(refused.body.value.results[0].error.code).toBe('forbidden');
    expect(statuses(await lead.push([lead.command('repair.approveReceipt', { repairId, deviceId })]))).toEqual(['applied']);
    const approved = await repairRow(repairId);
    expect(approved.review_reason).toBeNull();
    expect(approved.warranty_covered).toBe(1);
    expect(await grossOf(repairId)).toBe(0);
    expect((await auditsOf(repairId)).map((row) => [row.action, row.actor_id])).toEqual([
      ['repair.receiptReview', server.users.anna],
      ['repair.approveReceipt', server.users.lead],
    ]);
  });

  it('a receipt within the tolerance is taken as given; one in the future is refused', async () => {
    const deviceId = newId();
    expect(statuses(await lead.push([lead.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Cassa TX', serial: 'OK-1', purchaseDate: '2026-03-01', warrantyMonths: 12 })]))).toEqual(['applied']);
    const recent = newId();
    const answer = await anna.push([
      anna.command('repair.create', { id: recent, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Tastiera', receivedOn: '2026-11-17' }),
      anna.command('repair.create', { id: newId(), customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Tastiera', receivedOn: '2026-11-25' }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'rejected']);
    expect(answer.body.value.results[1].error.message).toMatch(/Data di ricevimento: la data 25 novembre 2026 è nel futuro/);
    expect(await repairRow(recent)).toMatchObject({ warranty_covered: 1, review_reason: null });
  });

  it('a device a technician registers on the spot is under warranty only once a lead confirms it; work meanwhile is billed', async () => {
    const deviceId = newId();
    const repairId = newId();
    const registered = await anna.push([
      anna.command('device.upsert', { id: deviceId, customerId: server.customerId, model: 'Stampante', serial: 'SPOT-1', purchaseDate: '2026-10-01', warrantyMonths: 24 }),
      anna.command('repair.create', { id: repairId, customerId: server.customerId, deviceId, ticketId: null, reportedDefect: 'Inceppata', receivedOn: '2026-11-23' }),
    ]);
    expect(statuses(registered)).toEqual(['applied', 'applied']);
    const device = await server.db.selectFrom('devices').select('warranty_review').where('id', '=', deviceId).executeTakeFirstOrThrow();
    expect(device.warranty_review).toMatch(/indicata dal tecnico/);
    expect((await repairRow(repairId)).warranty_covered).toBe(0);
    expect((await auditsOf(deviceId)).map((row) => row.action)).toEqual(['device.warrantyReview']);
    expect(await finishWithAnHour(repairId)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const billed = JSON.parse((await repairRow(repairId)).billing_json!);
    expect(billed.grossCents).toBe(9760);
    expect(billed.labour.flags).toContain('warranty_unconfirmed');

    // A future purchase date is refused, whoever gives it.
    const future = await lead.push([lead.command('device.upsert', { id: newId(), customerId: server.customerId, model: 'Stampante', serial: 'SPOT-2', purchaseDate: '2026-12-01', warrantyMonths: 12 })]);
    expect(future.body.value.results[0].error.message).toMatch(/Data di acquisto: la data 1 dicembre 2026 è nel futuro/);

    // The technician cannot confirm; the lead can, and the finished repair is priced again.
    expect((await anna.push([anna.command('device.confirmWarranty', { deviceId })])).body.value.results[0].error.code).toBe('forbidden');
    expect(statuses(await lead.push([lead.command('device.confirmWarranty', { deviceId })]))).toEqual(['applied']);
    expect((await server.db.selectFrom('devices').select('warranty_review').where('id', '=', deviceId).executeTakeFirstOrThrow()).warranty_review).toBeNull();
    expect(await repairRow(repairId)).toMatchObject({ warranty_covered: 1 });
    expect(await grossOf(repairId)).toBe(0);
    expect((await auditsOf(deviceId)).map((row) => [row.action, row.actor_id])).toEqual([
      ['device.warrantyReview', server.users.anna],
      ['device.confirmWarranty', server.users.lead],
    ]);
    // The consoles learn the confirmation and the repair's new verdict.
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; id: string; data: Record<string, unknown> }>;
    expect(pulled.find((change) => change.entity === 'device' && change.id === deviceId)?.data['warrantyReview']).toBeNull();
    expect(pulled.find((change) => change.entity === 'repair' && change.id === repairId)?.data['warrantyCovered']).toBe(true);
  });

  it('a device a technician registers long out of warranty needs nothing confirmed; a lead’s registration is taken as given', async () => {
    const expired = newId();
    const byLead = newId();
    expect(
      statuses(
        await anna.push([anna.command('device.upsert', { id: expired, customerId: server.customerId, model: 'Vecchio PC', serial: 'OLD-1', purchaseDate: '2020-01-10', warrantyMonths: 36 })]),
      ),
    ).toEqual(['applied']);
    expect(statuses(await lead.push([lead.command('device.upsert', { id: byLead, customerId: server.customerId, model: 'Nuovo PC', serial: 'NEW-1', purchaseDate: '2026-11-01', warrantyMonths: 12 })]))).toEqual(['applied']);
    const rows = await server.db.selectFrom('devices').select(['serial', 'warranty_review']).where('id', 'in', [expired, byLead]).orderBy('serial').execute();
    expect(rows).toEqual([
      { serial: 'NEW-1', warranty_review: null },
      { serial: 'OLD-1', warranty_review: null },
    ]);
  });

  it('work started more than 7 days before it is reported is kept, not billed until a lead approves it, and audited', async () => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'MD-1', customerId: server.customerId, channel: 'phone', subject: 'Rete', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-10T08:00:00.000Z' }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'consultancy', backupCheck: 'confirmed', startedAt: '2026-11-10T09:00:00.000Z' }),
      anna.command('intervention.stop', { interventionId, at: '2026-11-10T10:00:00.000Z' }),
    ]);
    expect(statuses(answer)).toEqual(['applied', 'applied', 'applied']);
    const row = await server.db.selectFrom('interventions').select(['review_reason', 'billing_json']).where('id', '=', interventionId).executeTakeFirstOrThrow();
    expect(row.review_reason).toMatch(/oltre 7 giorni/);
    expect(row.billing_json).toBeNull();
    expect(await auditsOf(interventionId)).toEqual([{ action: 'intervention.review', actor_id: server.users.anna, reason: row.review_reason }]);
    expect(statuses(await lead.push([lead.command('intervention.approve', { interventionId })]))).toEqual(['applied']);
    const billed = JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow()).billing_json!);
    expect(billed.grossCents).toBe(9760);
  });
});
