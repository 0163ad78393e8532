import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closureMailPayloadSchema, hourBankNoticePayloadSchema } from '../../../src/server/mail/mail-payloads.ts';
import { renderClosureMail } from '../../../src/server/mail/templates/closure.ts';
import { defaultBillingPolicy } from '../../../src/shared/domain/index.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer, fixtureEvening } from '../../support/server-fixture.ts';

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const base = '2026-11-23T09:00:00.000Z'; // Monday, 10:00 in Rome

describe.each(engineNames)('sync protocol (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
  });
  afterAll(async () => server.stop());

  const ticketArgs = (overrides: Record<string, unknown> = {}) => ({
    id: newId(),
    number: `T-${newId().slice(-8)}`,
    customerId: server.customerId,
    channel: 'phone',
    subject: 'La stampante non stampa',
    description: 'Errore di comunicazione',
    priority: 'P2',
    blocking: false,
    openedAt: base,
    ...overrides,
  });

  const pullAll = async (token: string, cursor = 0) => {
    const changes: any[] = [];
    for (;;) {
      const page = await server.call('POST', '/sync/pull', { cursor, limit: 50 }, token);
      expect(page.status).toBe(200);
      changes.push(...page.body.value.changes);
      cursor = page.body.value.cursor;
      if (!page.body.value.hasMore) return { changes, cursor };
    }
  };

  it('applies a pushed command once and lets every console pull it', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const pushed = await anna.push([anna.command('ticket.create', args)]);
    expect(pushed.body).toEqual({ ok: true, value: { lastMutationId: 1, results: [{ mutationId: 1, status: 'applied' }], serverTime: fixtureEvening().toISOString() } });
    const bruno = await server.consoleFor('bruno@test.it');
    const { changes } = await pullAll(bruno.token);
    const ticket = changes.find((change) => change.entity === 'ticket' && change.id === args.id);
    expect(ticket).toMatchObject({ op: 'upsert', data: { number: args.number, status: 'open', assigneeId: null } });
  });

  it('answers a replayed push the same and applies nothing twice, even ten times concurrently', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const commands = [anna.command('ticket.create', ticketArgs()), anna.command('ticket.create', ticketArgs({ number: 'DUP-1' })), anna.command('ticket.create', ticketArgs({ number: 'DUP-1' }))];
    const first = await anna.push(commands);
    const replays = await Promise.all(Array.from({ length: 10 }, () => anna.push(commands)));
    for (const replay of replays) expect(replay.body).toEqual(first.body);
    expect(first.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(first.body.value.results[2].error.code).toBe('conflict');
    const count = await server.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('number', '=', 'DUP-1').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses a gap in mutation ids', async () => {
    const anna = await server.consoleFor('anna@test.it');
    anna.command('ticket.create', ticketArgs()); // id 1, never sent
    const gap = await anna.push([anna.command('ticket.create', ticketArgs())]);
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'gap' });
  });

  it('rejects with a reason and keeps going: closing an already-closed ticket', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const close = { ticketId: args.id, cause: 'vendor', resolution: 'Risolto', closedAt: minutesAfter(base, 30) };
    const result = await anna.push([
      anna.command('ticket.create', args),
      anna.command('ticket.close', close),
      anna.command('ticket.close', close),
      anna.command('ticket.create', ticketArgs()),
    ]);
    expect(result.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    expect(result.body.value.results[2].error).toEqual({ code: 'stale', message: 'Il ticket è già chiuso.' });
  });

  it('keeps two edits of different fields from two consoles', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const lead = await server.consoleFor('lead@test.it');
    const args = ticketArgs();
    await anna.push([anna.command('ticket.create', args)]);
    await anna.push([anna.command('ticket.update', { ticketId: args.id, changes: { priority: 'P1' } })]);
    await lead.push([lead.command('ticket.update', { ticketId: args.id, changes: { subject: 'Stampante fiscale bloccata' } })]);
    const row = await server.db.selectFrom('tickets').selectAll().where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ priority: 'P1', subject: 'Stampante fiscale bloccata' });
  });

  it('rejects mass assignment: server-owned fields and unknown fields never get in', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const result = await anna.push([
      anna.command('ticket.create', { ...args, status: 'closed' }),
      anna.command('ticket.create', args),
      anna.command('intervention.start', {
        id: newId(), ticketId: args.id, segmentId: newId(), mode: 'remote', activity: 'software_assistance',
        backupCheck: 'confirmed', startedAt: base, approved: true,
      }),
      anna.command('intervention.edit', { interventionId: newId(), changes: { billing: { netCents: 0 } } }),
    ]);
    const statuses = result.body.value.results.map((r: any) => [r.status, r.error?.code]);
    expect(statuses).toEqual([['rejected', 'invalid_argument'], ['applied', undefined], ['rejected', 'invalid_argument'], ['rejected', 'invalid_argument']]);
  });

  it('requires the backup confirmation before technical work', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const start = (mode: string, backupCheck: string) => ({
      id: newId(), ticketId: args.id, segmentId: newId(), mode, activity: 'software_assistance', backupCheck, startedAt: base,
    });
    const result = await anna.push([
      anna.command('ticket.create', args),
      anna.command('intervention.start', start('remote', 'not_needed_phone_info')),
      anna.command('intervention.start', start('phone', 'not_needed_phone_info')),
    ]);
    expect(result.body.value.results.map((r: any) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(result.body.value.results[1].error.message).toMatch(/copia di sicurezza/);
  });

  it('bills authoritatively when an intervention stops: 61 minutes → 90 billed, free hours first', async () => {
    const at = new Date().toISOString();
    await server.db
      .insertInto('hour_bank_ledger')
      .values({ id: newId(), customer_id: server.customerId, entry_type: 'grant', source: 'free', package_id: null, minutes: 60, intervention_id: null, repair_id: null, reason: 'test', author_id: null, created_at: at })
      .execute();
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const interventionId = newId();
    const result = await anna.push([
      anna.command('ticket.create', args),
      anna.command('intervention.start', { id: interventionId, ticketId: args.id, segmentId: newId(), mode: 'remote', activity: 'custom_configuration', backupCheck: 'confirmed', startedAt: base }),
      anna.command('intervention.pause', { interventionId, at: minutesAfter(base, 20) }),
      anna.command('intervention.resume', { interventionId, segmentId: newId(), at: minutesAfter(base, 40) }),
      anna.command('intervention.stop', { interventionId, at: minutesAfter(base, 81) }),
    ]);
    expect(result.body.value.results.every((r: any) => r.status === 'applied')).toBe(true);
    const { changes } = await pullAll(anna.token);
    const intervention = changes.find((c) => c.entity === 'intervention' && c.id === interventionId);
    expect(intervention.data.billing).toMatchObject({
      tier: 'billable',
      workedSeconds: 61 * 60,
      billedMinutes: 90,
      allocation: [{ source: 'free', minutes: 60 }, { source: 'invoice', minutes: 30 }],
      invoicedMinutes: 30,
      netCents: 4000,
      vatCents: 880,
      grossCents: 4880,
    });
    const bank = changes.find((c) => c.entity === 'hour_bank' && c.id === server.customerId);
    expect(bank.data.freeMinutes).toBe(0);
    const audit = await server.db.selectFrom('audit_log').selectAll().where('entity_id', '=', interventionId).execute();
    expect(audit.map((row) => row.action)).toEqual(['billing.evaluate']);
    // The free hours ran out: the customer is told once (rendered and sent by the mail worker).
    const notices = await server.db.selectFrom('mail_outbox').select('payload_json').where('recipient', '=', 'rossi@test.it').where('kind', '=', 'hour_bank_notice').execute();
    expect(notices.map((row) => hourBankNoticePayloadSchema.parse(JSON.parse(row.payload_json!)).notices)).toEqual([
      [{ kind: 'free', threshold: 'exhausted', totalMinutes: 60, remainingMinutes: 0 }],
    ]);
  });

  it('re-classifies every intervention as billable when the ticket closes with cause customer', async () => {
    const contractAt = new Date().toISOString();
    await server.db
      .insertInto('contracts')
      .values({ id: newId(), customer_id: server.customerId, kind: 'standard', valid_from: '2026-01-01', valid_to: '2026-12-31', created_at: contractAt, updated_at: contractAt })
      .execute();
    const anna = await server.consoleFor('anna@test.it');
    const args = ticketArgs();
    const interventionId = newId();
    await anna.push([
      anna.command('ticket.create', args),
      anna.command('intervention.start', { id: interventionId, ticketId: args.id, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: base }),
      anna.command('intervention.stop', { interventionId, at: minutesAfter(base, 30) }),
    ]);
    const before = await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow();
    expect(JSON.parse(before.billing_json!)).toMatchObject({ tier: 'standard', billedMinutes: 0, grossCents: 0 });
    const close = await anna.push([anna.command('ticket.close', { ticketId: args.id, cause: 'customer', resolution: 'Cavo di rete del cliente scollegato', closedAt: minutesAfter(base, 35) })]);
    expect(close.body.value.results[0].status).toBe('applied');
    const after = await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow();
    expect(JSON.parse(after.billing_json!)).toMatchObject({ tier: 'billable', billedMinutes: 60, netCents: 8000, grossCents: 9760, flags: expect.arrayContaining(['cause_customer']) });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', interventionId).orderBy('created_at').execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]?.reason).toBe('Ticket chiuso con causa cliente');
    const queued = await server.db.selectFrom('mail_outbox').select('payload_json').where('ticket_id', '=', args.id).where('kind', '=', 'closure').executeTakeFirstOrThrow();
    const mail = renderClosureMail(closureMailPayloadSchema.parse(JSON.parse(queued.payload_json!)), { publicUrl: 'https://assistenza.test', policy: defaultBillingPolicy });
    expect(mail.text).toContain('Causa cliente');
    expect(mail.text).toContain('https://assistenza.test/feedback/');
    expect(mail.text).toContain('97,60');
  });
});
