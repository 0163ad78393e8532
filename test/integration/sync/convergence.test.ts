import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { consoleState, openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer, fixtureEvening } from '../../support/server-fixture.ts';
import { serverState } from '../../support/server-state.ts';

const at = (minutes: number) => new Date(Date.parse('2026-11-23T09:00:00.000Z') + minutes * 60_000).toISOString();

describe.each(engineNames)('two consoles and one central API (%s)', (engine) => {
  let server: TestServer;
  let anna: TestConsole;
  let bruno: TestConsole;
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
    bruno = await openConsole({ serverUrl: server.url, email: 'bruno@test.it' });
  });
  afterAll(async () => {
    await anna.remove();
    await bruno.remove();
    await server.stop();
  });

  it('offline work on both consoles converges to the server’s state after reconnecting', async () => {
    // Both start from the server's customer.
    expect(consoleState(anna.core).tickets).toEqual([]);
    await server.app.close(); // the central API goes away: both consoles keep working
    const annaTicket = newId();
    const brunoTicket = newId();
    const annaIntervention = newId();
    anna.execute('ticket.create', { id: annaTicket, number: 'OFF-A', customerId: server.customerId, channel: 'phone', subject: 'Cassa bloccata', description: 'Telefonata', priority: 'P1', blocking: true, openedAt: at(0) });
    anna.execute('ticket.assign', { ticketId: annaTicket, assigneeId: server.users.anna });
    anna.execute('intervention.start', { id: annaIntervention, ticketId: annaTicket, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: at(5) });
    anna.execute('intervention.pause', { interventionId: annaIntervention, at: at(20) });
    anna.execute('intervention.resume', { interventionId: annaIntervention, segmentId: newId(), at: at(30) });
    anna.execute('intervention.stop', { interventionId: annaIntervention, at: at(71) });
    bruno.execute('ticket.create', { id: brunoTicket, number: 'OFF-B', customerId: server.customerId, channel: 'whatsapp', subject: 'Etichette storte', description: '', priority: 'P3', blocking: false, openedAt: at(2) });
    bruno.execute('ticket.update', { ticketId: brunoTicket, changes: { priority: 'P2' } });

    const offline = await anna.sync();
    expect(offline).toMatchObject({ state: 'offline', pending: 6 });
    expect(consoleState(anna.core).interventions).toHaveLength(1); // still there, locally

    // Back online on a new port: point the consoles at it by logging in again (same users keep their client ids).
    const restarted = await startTestServerOn(server);
    await anna.core.sync.login(restarted, 'anna@test.it', 'una-password-lunga');
    await bruno.core.sync.login(restarted, 'bruno@test.it', 'una-password-lunga');
    await anna.sync();
    await bruno.sync();
    await anna.sync();

    const truth = await serverState(server.db);
    expect(truth.tickets.map((t) => t.number).sort()).toEqual(['OFF-A', 'OFF-B']);
    expect(consoleState(anna.core)).toEqual(normalise(truth));
    expect(consoleState(bruno.core)).toEqual(normalise(truth));
    expect(anna.core.sync.status()).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    // The authoritative billing came back to the console that did the work.
    const billing = anna.core.local.sqlite.prepare('SELECT billing_json FROM interventions WHERE id = ?').get(annaIntervention) as { billing_json: string };
    expect(JSON.parse(billing.billing_json)).toMatchObject({ workedSeconds: 56 * 60 });
  });

  it('a command the server rejects is listed with its reason and its local effect is undone', async () => {
    const ticketId = (consoleState(anna.core).tickets as Array<{ id: string; number: string }>).find((t) => t.number === 'OFF-B')!.id;
    // Anna closes Bruno's unassigned ticket while Bruno takes it: Bruno wins, Anna's close is refused.
    bruno.execute('ticket.assign', { ticketId, assigneeId: server.users.bruno });
    await bruno.sync();
    anna.execute('ticket.close', { ticketId, cause: 'vendor', resolution: 'Sistemato', closedAt: at(90) });
    expect((anna.core.local.sqlite.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId) as { status: string }).status).toBe('closed');
    const status = await anna.sync();
    expect(status).toMatchObject({ pending: 0, rejected: 1 });
    expect(anna.core.sync.rejected()[0]).toMatchObject({ name: 'ticket.close', code: 'forbidden', message: 'Il ticket è assegnato a un altro tecnico.' });
    expect(anna.core.local.sqlite.prepare('SELECT status, assignee_id FROM tickets WHERE id = ?').get(ticketId)).toEqual({ status: 'open', assignee_id: server.users.bruno });
    anna.core.sync.discardRejected(anna.core.sync.rejected()[0]!.mutationId);
    expect(anna.core.sync.status().rejected).toBe(0);
  });

  it('a number already known locally is refused at once, in Italian', () => {
    expect(() =>
      anna.execute('ticket.create', { id: newId(), number: 'OFF-A', customerId: server.customerId, channel: 'phone', subject: 'x', description: '', priority: 'P4', blocking: false, openedAt: at(100) }),
    ).toThrow('Il numero di ticket OFF-A è già in uso.');
  });

  it('a refused create disappears from the console that made it (the server sends a tombstone)', async () => {
    const id = newId();
    // Bruno uses a number on the server; Anna, not yet synced, picks the same one.
    bruno.execute('ticket.create', { id: newId(), number: 'DUP-Z', customerId: server.customerId, channel: 'phone', subject: 'Primo', description: '', priority: 'P4', blocking: false, openedAt: at(99) });
    await bruno.sync();
    anna.execute('ticket.create', { id, number: 'DUP-Z', customerId: server.customerId, channel: 'phone', subject: 'Doppione', description: '', priority: 'P4', blocking: false, openedAt: at(100) });
    expect(anna.core.local.sqlite.prepare('SELECT count(*) AS n FROM tickets WHERE id = ?').get(id)).toEqual({ n: 1 });
    const status = await anna.sync();
    expect(status).toMatchObject({ state: 'online', rejected: 1 });
    expect(anna.core.sync.rejected()[0]).toMatchObject({ name: 'ticket.create', code: 'conflict' });
    expect(anna.core.local.sqlite.prepare('SELECT count(*) AS n FROM tickets WHERE id = ?').get(id)).toEqual({ n: 0 });
    // The technician fixes it: the retry gets a fresh number and goes through.
    anna.core.sync.retryRejected(anna.core.sync.rejected()[0]!.mutationId);
    expect(await anna.sync()).toMatchObject({ pending: 0, rejected: 0 });
    const retried = await server.db.selectFrom('tickets').select('number').where('id', '=', id).executeTakeFirstOrThrow();
    expect(retried.number).toMatch(/^T-\d{6}-[0-9A-F]{6}$/);
  });
});

/** SQLite and PostgreSQL return the same columns; the console stores instants as ISO strings too. */
const normalise = (state: Awaited<ReturnType<typeof serverState>>) => state;

/** Restart the API over the same database on a new loopback port. */
const startTestServerOn = async (server: TestServer): Promise<string> => {
  const { buildServer } = await import('../../../src/server/app.ts');
  const { testAuthPolicy } = await import('../../support/server-engines.ts');
  const app = buildServer({ database: server.database.server, authPolicy: testAuthPolicy, logLevel: 'silent', clock: fixtureEvening });
  server.app = app;
  return app.listen({ host: '127.0.0.1', port: 0 });
};

describe('pull apply', () => {
  it('a pulled row wins a natural key over a local row the server has not accepted', async () => {
    const { createCore } = await import('../../../src/main/core/core.ts');
    const { createPullApplier } = await import('../../../src/main/core/sync/pull-apply.ts');
    const { makeTempDirectory } = await import('../../support/temp-directory.ts');
    const dir = makeTempDirectory();
    const core = createCore({ dataDirectory: dir.path, host: 'browser', version: 'test' });
    try {
      const sqlite = core.local.sqlite;
      const customerId = newId();
      const stamp = at(0);
      sqlite.prepare("INSERT INTO customers (id, code, name, created_at, updated_at) VALUES (?, 'C1', 'Rossi', ?, ?)").run(customerId, stamp, stamp);
      const local = newId();
      sqlite
        .prepare("INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES (?, 'SAME-1', ?, 'phone', 'Locale', 'P3', 'open', ?, ?)")
        .run(local, customerId, stamp, stamp);
      const remote = newId();
      const apply = createPullApplier(sqlite);
      sqlite.transaction(() =>
        apply([
          {
            seq: 1, entity: 'ticket', id: remote, op: 'upsert',
            data: { id: remote, number: 'SAME-1', customerId, channel: 'phone', subject: 'Dal server', description: '', priority: 'P2', status: 'open', blocking: false, cause: null, resolution: null, assigneeId: null, openedAt: stamp, updatedAt: stamp, closedAt: null },
          },
        ]),
      )();
      expect(sqlite.prepare('SELECT id, subject FROM tickets').all()).toEqual([{ id: remote, subject: 'Dal server' }]);
      // A malformed row is refused whole.
      expect(() => apply([{ seq: 2, entity: 'ticket', id: remote, op: 'upsert', data: { id: remote, number: 42 } }])).toThrow();
    } finally {
      await core.close();
      dir.remove();
    }
  });
});
