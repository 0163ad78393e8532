import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z'; // Monday, 10:00 in Rome; the API's clock says 19:00 the same day
const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Answers of both engines, collected to prove they are identical. */
const answersByEngine = new Map<string, unknown[]>();

describe.each(engineNames)('the API is the authority on time, money and warranty data (%s)', (engine) => {
  let server: TestServer;
  const answers: unknown[] = [];
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    answersByEngine.set(engine, answers);
  });
  afterAll(async () => server.stop());

  const ticketArgs = (overrides: Record<string, unknown> = {}) => ({
    id: newId(),
    number: `T-${newId().slice(-8)}`,
    customerId: server.customerId,
    channel: 'phone',
    subject: 'Cassa bloccata',
    description: '',
    priority: 'P2',
    blocking: false,
    openedAt: base,
    ...overrides,
  });
  const startArgs = (ticketId: string, startedAt: string) => ({ id: newId(), ticketId, segmentId: newId(), mode: 'phone', activity: 'consultancy', backupCheck: 'not_needed_phone_info', startedAt });

  it('refuses values a database would choke on as typed rejections that use up their ids, then goes on', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const pushed = await anna.push([
      anna.command('ticket.create', ticketArgs({ subject: 'Cassa\u0000bloccata' })),
      anna.command('ticket.create', ticketArgs({ description: 'metà \uD800 carattere' })),
      anna.command('ticket.create', ticketArgs({ openedAt: '2150-01-01T00:00:00Z' })),
      anna.command('ticket.create', ticketArgs({ openedAt: '1970-01-01T00:00:00Z' })),
      anna.command('repair.update', { repairId: newId(), changes: { labourMinutes: 2 ** 40 } }),
      anna.command('ticket.create', { ...ticketArgs(), nested: { deep: [[[[1]]]] } }),
      anna.command('ticket.create', ticketArgs({ number: 'AUT-OK' })),
    ]);
    expect(pushed.status).toBe(200);
    const results = pushed.body.value.results as Array<{ status: string; error?: { code: string; message: string } }>;
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    for (const result of results.slice(0, 6)) expect(result.error?.code).toBe('invalid_argument');
    expect(results[0]?.error?.message).toMatch(/caratteri non ammessi/);
    expect(results[2]?.error?.message).toMatch(/intervallo ammesso/);
    expect(pushed.body.value.lastMutationId).toBe(7);
    answers.push(results);
  });

  it('refuses work timed in the future beyond the allowed skew, and a closure before the opening', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const ticket = ticketArgs();
    const evening = fixtureEvening().toISOString();
    const pushed = await anna.push([
      anna.command('ticket.create', ticket),
      anna.command('intervention.start', startArgs(ticket.id, minutesAfter(evening, 60))),
      anna.command('intervention.start', startArgs(ticket.id, minutesAfter(evening, 3))),
      anna.command('ticket.create', ticketArgs({ openedAt: minutesAfter(evening, 24 * 60) })),
    ]);
    const results = pushed.body.value.results as Array<{ status: string; error?: { code: string; message: string } }>;
    expect(results.map((result) => result.status)).toEqual(['applied', 'rejected', 'applied', 'rejected']);
    expect(results[1]?.error?.message).toMatch(/nel futuro/);
    answers.push(results.map((result) => result.error?.message ?? null));

    const other = ticketArgs();
    const closing = await anna.push([
      anna.command('ticket.create', other),
      anna.command('ticket.close', { ticketId: other.id, cause: 'vendor', resolution: 'Risolto', closedAt: minutesAfter(base, -10) }),
    ]);
    expect(closing.body.value.results[1]).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument', message: expect.stringMatching(/precede l’apertura/) } });
  });

  it('flags a 13-hour segment for the lead and bills it only once approved', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const lead = await server.consoleFor('lead@test.it');
    const ticket = ticketArgs({ openedAt: minutesAfter(base, -6 * 60) });
    const start = startArgs(ticket.id, minutesAfter(base, -6 * 60));
    const pushed = await anna.push([
      anna.command('ticket.create', ticket),
      anna.command('intervention.start', start),
      anna.command('intervention.stop', { interventionId: start.id, at: minutesAfter(start.startedAt, 13 * 60) }),
    ]);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const held = await server.db.selectFrom('interventions').select(['review_reason', 'billing_json']).where('id', '=', start.id).executeTakeFirstOrThrow();
    expect(held.review_reason).toMatch(/più lungo di 12 ore/);
    expect(held.billing_json).toBeNull();
    const draws = await server.db.selectFrom('hour_bank_ledger').select('id').where('intervention_id', '=', start.id).execute();
    expect(draws).toHaveLength(0);

    const approved = await lead.push([lead.command('intervention.approve', { interventionId: start.id })]);
    expect(approved.body.value.results[0].status).toBe('applied');
    const billed = await server.db.selectFrom('interventions').select(['approved', 'billing_json']).where('id', '=', start.id).executeTakeFirstOrThrow();
    expect(billed.approved).toBe(1);
    expect(JSON.parse(billed.billing_json!)).toMatchObject({ workedSeconds: 13 * 3600 });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', start.id).where('action', '=', 'intervention.approve').executeTakeFirstOrThrow();
    expect(audit.reason).toMatch(/più lungo di 12 ore/);
  });

  it('flags work reported more than seven days after it happened', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const longAgo = minutesAfter(base, -10 * 24 * 60);
    const ticket = ticketArgs({ openedAt: longAgo });
    const start = startArgs(ticket.id, longAgo);
    await anna.push([anna.command('ticket.create', ticket), anna.command('intervention.start', start), anna.command('intervention.stop', { interventionId: start.id, at: minutesAfter(longAgo, 30) })]);
    const row = await server.db.selectFrom('interventions').select(['review_reason', 'billing_json']).where('id', '=', start.id).executeTakeFirstOrThrow();
    expect(row.review_reason).toMatch(/oltre 7 giorni/);
    expect(row.billing_json).toBeNull();
  });

  it('lets only a lead, with a reason, change a device’s purchase date or warranty; never moves it to another customer', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const lead = await server.consoleFor('lead@test.it');
    const device = { id: newId(), customerId: server.customerId, model: 'Cassa TX', serial: `SN-${newId().slice(-6)}`, purchaseDate: '2025-06-01', warrantyMonths: 12 };
    const created = await anna.push([
      anna.command('device.upsert', device),
      anna.command('device.upsert', { ...device, model: 'Cassa TX-2' }),
      anna.command('device.upsert', { ...device, purchaseDate: '2026-06-01' }),
      anna.command('device.upsert', { ...device, warrantyMonths: 36, reason: 'Estensione acquistata' }),
      anna.command('device.upsert', { ...device, customerId: newId() }),
    ]);
    const results = created.body.value.results as Array<{ status: string; error?: { code: string } }>;
    expect(results.map((result) => [result.status, result.error?.code ?? null])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'not_found'],
    ]);
    const byLead = await lead.push([
      lead.command('device.upsert', { ...device, warrantyMonths: 36 }),
      lead.command('device.upsert', { ...device, warrantyMonths: 36, reason: 'Estensione acquistata il 2 giugno' }),
    ]);
    expect(byLead.body.value.results.map((result: { status: string; error?: { code: string } }) => result.error?.code ?? result.status)).toEqual(['invalid_argument', 'applied']);
    const stored = await server.db.selectFrom('devices').select(['model', 'warranty_months', 'purchase_date']).where('id', '=', device.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ purchase_date: '2025-06-01', warranty_months: 36 });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason', 'before_json', 'after_json']).where('entity_id', '=', device.id).where('action', '=', 'device.warranty').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.reason).toBe('Estensione acquistata il 2 giugno');
    expect(JSON.parse(audit[0]!.before_json!)).toEqual({ purchaseDate: '2025-06-01', warrantyMonths: 12 });

    const otherCustomer = newId();
    const at = fixtureEvening().toISOString();
    await server.db.insertInto('customers').values({ id: otherCustomer, code: `C-${otherCustomer.slice(-4)}`, name: 'Altro', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
    const moved = await lead.push([lead.command('device.upsert', { ...device, warrantyMonths: 36, customerId: otherCustomer })]);
    expect(moved.body.value.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument', message: expect.stringMatching(/altro cliente/) } });
  });
});

describe('both engines', () => {
  it('answered the malformed and future-timed commands identically', () => {
    const all = [...answersByEngine.values()];
    if (all.length < 2) return;
    expect(all[0]).toEqual(all[1]);
  });
});
