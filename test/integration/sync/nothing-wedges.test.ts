import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { startLoopbackProxy } from '../../support/loopback-proxy.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Fault tests for "nothing wedges": a row the console cannot store, a server that keeps failing
 * on one command, a rejection whose restore is cut off. Each ends with every other piece of work
 * delivered and the technician told, in the sync panel, what happened.
 */
const now = () => new Date().toISOString();
const ticketArgs = (server: TestServer, overrides: Record<string, unknown> = {}) => ({
  id: newId(),
  number: `W-${newId().slice(-10)}`,
  customerId: server.customerId,
  channel: 'phone',
  subject: 'Richiesta',
  description: '',
  priority: 'P3',
  blocking: false,
  openedAt: now(),
  ...overrides,
});
const has = (console_: TestConsole, table: string, id: string) => console_.core.local.sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;

/** Appends a change to the API's log by hand: what a newer server might send that this console cannot store. */
const appendRawChange = async (server: TestServer, entity: string, id: string, data: unknown) => {
  await server.db.transaction().execute(async (trx) => {
    const counter = await trx.updateTable('sync_counter').set((eb) => ({ seq: eb('seq', '+', 1) })).where('id', '=', 1).returning('seq').executeTakeFirstOrThrow();
    await trx
      .insertInto('sync_changes')
      .values({ seq: Number(counter.seq), entity, entity_id: id, op: 'upsert', data: JSON.stringify(data), changed_at: now() })
      .onConflict((oc) => oc.columns(['entity', 'entity_id']).doUpdateSet({ seq: Number(counter.seq), data: JSON.stringify(data) }))
      .execute();
  });
};

/** A real fault inside the API's database: every new ticket fails with an internal error until removed. */
const breakTicketInserts = async (server: TestServer, engine: string) => {
  if (engine === 'postgres') {
    await sql`CREATE FUNCTION presidio_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'guasto simulato' USING ERRCODE = 'XX000'; END $$`.execute(server.db);
    await sql`CREATE TRIGGER presidio_test_fault BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION presidio_test_fault()`.execute(server.db);
    return async () => {
      await sql`DROP TRIGGER presidio_test_fault ON tickets`.execute(server.db);
      await sql`DROP FUNCTION presidio_test_fault()`.execute(server.db);
    };
  }
  // A trigger reaching a table that does not exist fails every insert with a plain SQLite error.
  await sql`CREATE TRIGGER presidio_test_fault BEFORE INSERT ON tickets BEGIN INSERT INTO missing_table_for_fault VALUES (1); END`.execute(server.db);
  return async () => {
    await sql`DROP TRIGGER presidio_test_fault`.execute(server.db);
  };
};

/** A fault on the API for updates that raise a ticket to P1 only; everything else works. */
const breakUrgentUpdates = async (server: TestServer, engine: string) => {
  if (engine === 'postgres') {
    await sql`CREATE FUNCTION presidio_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'guasto simulato' USING ERRCODE = 'XX000'; END $$`.execute(server.db);
    await sql`CREATE TRIGGER presidio_test_fault BEFORE UPDATE ON tickets FOR EACH ROW WHEN (NEW.priority = 'P1') EXECUTE FUNCTION presidio_test_fault()`.execute(server.db);
    return;
  }
  // Malformed JSON is a runtime error in SQLite, raised only when the trigger's condition holds.
  await sql`CREATE TRIGGER presidio_test_fault BEFORE UPDATE ON tickets WHEN NEW.priority = 'P1' BEGIN SELECT json('{guasto'); END`.execute(server.db);
};

describe.each(engineNames)('nothing wedges (%s)', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  const setUp = async () => {
    const server = await startTestServer(engine);
    const proxy = await startLoopbackProxy(server.url);
    const anna = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it' });
    const lead = await openConsole({ serverUrl: server.url, email: 'lead@test.it' });
    cleanups.push(async () => {
      await anna.remove();
      await lead.remove();
      await proxy.close();
      await server.stop();
    });
    return { server, proxy, anna, lead };
  };

  it('a pulled row the console cannot store is quarantined, the cursor moves on, and «Riallinea» rebuilds without losing pending work', async () => {
    const { server, proxy, anna, lead } = await setUp();
    const strange = newId();
    await appendRawChange(server, 'ticket', strange, { ...ticketArgs(server, { id: strange }), status: 'archiviato', cause: null, resolution: null, assigneeId: null, updatedAt: now(), closedAt: null });
    const later = ticketArgs(server);
    lead.execute('ticket.create', later);
    await lead.sync();

    const status = await anna.sync();
    expect(status).toMatchObject({ quarantined: 1, pending: 0 });
    expect(anna.core.sync.quarantined()).toEqual([expect.objectContaining({ entity: 'ticket', id: strange })]);
    // The change after the bad one arrived: the console did not freeze.
    expect(has(anna, 'tickets', later.id)).toBe(true);

    // Offline there is nothing to realign from.
    proxy.setMode('refuse');
    await expect(anna.core.sync.realign()).rejects.toMatchObject({ code: 'unavailable' });
    proxy.setMode('pass');
    // The server is fixed; meanwhile Anna has work the server cannot take yet (a fault on its side).
    await server.db.deleteFrom('sync_changes').where('entity_id', '=', strange).execute();
    const repair = await breakTicketInserts(server, engine);
    const mine = ticketArgs(server);
    anna.execute('ticket.create', mine);
    const realigned = await anna.core.sync.realign();
    expect(realigned).toMatchObject({ quarantined: 0, pending: 1, rejected: 0 });
    // The copy was rebuilt from the server and the unsent work replayed on top of it.
    expect(has(anna, 'tickets', mine.id)).toBe(true);
    expect(has(anna, 'tickets', later.id)).toBe(true);
    expect(has(anna, 'tickets', strange)).toBe(false);
    await repair();
    expect(await anna.sync()).toMatchObject({ pending: 0, rejected: 0 });
    expect(await server.db.selectFrom('tickets').select('id').where('id', '=', mine.id).executeTakeFirst()).toBeDefined();
  });

  it('a command the server keeps failing on is abandoned after five faults; the commands behind it still go', async () => {
    const { server, anna } = await setUp();
    const repair = await breakTicketInserts(server, engine);
    const broken = ticketArgs(server);
    const device = { id: newId(), customerId: server.customerId, model: 'Cassa', serial: `F-${newId().slice(-8)}`, purchaseDate: '2026-01-10', warrantyMonths: 12 };
    anna.execute('ticket.create', broken);
    anna.execute('device.upsert', device);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const status = await anna.sync();
      expect(status).toMatchObject({ pending: 2, rejected: 0, lastError: expect.stringMatching(new RegExp(`tentativo ${attempt} di 5`)) });
    }
    const parked = await anna.sync();
    expect(parked).toMatchObject({ pending: 0, rejected: 1 });
    expect(anna.core.sync.rejected()).toEqual([expect.objectContaining({ name: 'ticket.create', code: 'internal', message: expect.stringMatching(/Errore del server/) })]);
    expect(await server.db.selectFrom('devices').select('id').where('id', '=', device.id).executeTakeFirst()).toBeDefined();
    // What the abandoned command did locally is taken back (the server never had it) …
    expect(has(anna, 'tickets', broken.id)).toBe(false);
    // … and once the server is mended, «Riprova» delivers it.
    await repair();
    anna.core.sync.retryRejected(anna.core.sync.rejected()[0]!.mutationId);
    expect(await anna.sync()).toMatchObject({ pending: 0, rejected: 0, lastError: null });
    expect(await server.db.selectFrom('tickets').select('id').where('id', '=', broken.id).executeTakeFirst()).toBeDefined();
  });

  it('a rejection whose restore is cut off is restored later, across a restart; discarding it restores too', async () => {
    const { server, proxy, anna, lead } = await setUp();
    const ticket = ticketArgs(server);
    anna.execute('ticket.create', ticket);
    await anna.sync();
    await lead.sync();
    // The lead closes the ticket while Anna, offline, starts working on it.
    lead.execute('ticket.close', { ticketId: ticket.id, cause: 'vendor', resolution: 'Risolto al telefono', closedAt: now() });
    await lead.sync();
    proxy.setMode('refuse');
    const intervention = newId();
    anna.execute('intervention.start', { id: intervention, ticketId: ticket.id, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', startedAt: now() });
    // Back online just long enough for the push to be answered: the rejection arrives, the restore does not.
    proxy.setMode('refuse-after-push');
    const cut = await anna.sync();
    expect(cut).toMatchObject({ rejected: 1, state: 'offline' });
    expect(has(anna, 'interventions', intervention)).toBe(true); // the ghost is still here, but only until the restore runs

    // The console restarts before the network comes back; the restore is still owed.
    await anna.close();
    const reopened = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it', dataDirectory: anna.dataDirectory, login: false });
    cleanups.push(() => reopened.close());
    proxy.setMode('pass');
    await reopened.sync();
    expect(has(reopened, 'interventions', intervention)).toBe(false);
    expect(reopened.core.local.sqlite.prepare('SELECT status FROM tickets WHERE id = ?').get(ticket.id)).toEqual({ status: 'closed' });

    // Discarding the rejection puts back the server's version of what it touched, whatever happened locally since.
    reopened.core.local.sqlite.prepare("UPDATE tickets SET status = 'in_progress', closed_at = NULL WHERE id = ?").run(ticket.id);
    reopened.core.sync.discardRejected(reopened.core.sync.rejected()[0]!.mutationId);
    expect(await reopened.sync()).toMatchObject({ rejected: 0, pending: 0 });
    expect(reopened.core.local.sqlite.prepare('SELECT status FROM tickets WHERE id = ?').get(ticket.id)).toEqual({ status: 'closed' });
  });

  it('unsent work stays on screen when a pull brings a newer version of the same record', async () => {
    const { server, anna, lead } = await setUp();
    const ticket = ticketArgs(server);
    anna.execute('ticket.create', ticket);
    await anna.sync();
    await lead.sync();
    await breakUrgentUpdates(server, engine);
    anna.execute('ticket.update', { ticketId: ticket.id, changes: { priority: 'P1' } });
    lead.execute('ticket.update', { ticketId: ticket.id, changes: { subject: 'Cassa ferma: urgente' } });
    await lead.sync();
    // Anna's push fails on the server's side; her pull still brings the lead's change, and her own
    // pending change is replayed on top of it.
    expect(await anna.sync()).toMatchObject({ pending: 1, lastError: expect.stringMatching(/Errore del server/) });
    expect(anna.core.local.sqlite.prepare('SELECT subject, priority FROM tickets WHERE id = ?').get(ticket.id)).toEqual({ subject: 'Cassa ferma: urgente', priority: 'P1' });
  });
});
