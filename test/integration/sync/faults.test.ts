import { maxCommandsPerPush } from '../../../src/shared/sync/protocol.ts';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';
import { newId } from '../../../src/shared/ids.ts';
import { consoleState, openConsole } from '../../support/console-fixture.ts';
import { startLoopbackProxy } from '../../support/loopback-proxy.ts';
import { createTestDatabase, engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer } from '../../support/server-fixture.ts';
import { spawnServerProcess } from '../../support/server-process.ts';
import { serverState } from '../../support/server-state.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const ticket = (customerId: string, number: string) => ({
  id: newId(), number, customerId, channel: 'phone', subject: `Richiesta ${number}`, description: '', priority: 'P3', blocking: false, openedAt: new Date().toISOString(),
});

const countTickets = async (db: Awaited<ReturnType<typeof startTestServer>>['db'], prefix: string) =>
  Number((await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('number', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);

/** A database with users and a customer, for a server that runs as its own process. */
const prepareDatabase = async (engine: 'sqlite' | 'postgres') => {
  const database = await createTestDatabase(engine);
  const { db } = database.server;
  await createUser(db, { email: 'anna@test.it', displayName: 'Anna', role: 'technician', password }, testAuthPolicy);
  const customerId = newId();
  const at = new Date().toISOString();
  await db.insertInto('customers').values({ id: customerId, code: 'C1', name: 'Rossi', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
  await db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }], new Date()));
  return { database, customerId };
};

describe.each(engineNames)('faults: nothing lost, nothing doubled (%s)', (engine) => {
  it('the answer to a push is lost after the server committed', async () => {
    const server = await startTestServer(engine);
    cleanups.push(server.stop);
    const proxy = await startLoopbackProxy(server.url);
    cleanups.push(proxy.close);
    const anna = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it' });
    cleanups.push(anna.remove);
    for (let i = 0; i < 20; i++) anna.execute('ticket.create', ticket(server.customerId, `DROP-${i}`));
    proxy.setMode('drop-push-response');
    expect(await anna.sync()).toMatchObject({ state: 'offline', pending: 20 });
    expect(proxy.dropped()).toBe(1);
    expect(await countTickets(server.db, 'DROP-')).toBe(20); // committed, answer lost
    proxy.setMode('pass');
    expect(await anna.sync()).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    expect(await countTickets(server.db, 'DROP-')).toBe(20);
    expect(consoleState(anna.core)).toEqual(await serverState(server.db));
  });

  it('the server process is killed mid-push and restarted', async () => {
    const { database, customerId } = await prepareDatabase(engine);
    cleanups.push(database.drop);
    await database.server.close();
    let api = await spawnServerProcess({ dataDirectory: database.dataDirectory, ...(database.url ? { databaseUrl: database.url } : {}) });
    const proxy = await startLoopbackProxy(api.url);
    cleanups.push(proxy.close);
    cleanups.push(() => api.kill());
    const anna = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it' });
    cleanups.push(anna.remove);
    // Three batches of 500: each is one transaction, so the API dies with the second one open.
    const total = 3 * maxCommandsPerPush;
    for (let i = 0; i < total; i++) anna.execute('ticket.create', ticket(customerId, `KILL-${i}`));
    const pushing = anna.sync();
    const reopened = await createTestDatabaseView(database);
    while (proxy.pushesForwarded() < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    // The second batch is on the server now; let it start applying, then kill the process.
    await new Promise((resolve) => setTimeout(resolve, 15));
    await api.kill();
    const afterKill = await pushing;
    expect(afterKill.state).toBe('offline');
    const appliedBeforeKill = await countTicketsIn(reopened, 'KILL-');
    // The first batch committed; the batch being applied vanished whole (never half a batch).
    expect(appliedBeforeKill % maxCommandsPerPush).toBe(0);
    expect(appliedBeforeKill).toBeGreaterThanOrEqual(maxCommandsPerPush);
    expect(appliedBeforeKill).toBeLessThan(total);
    expect(afterKill.pending).toBe(total - appliedBeforeKill);

    api = await spawnServerProcess({ dataDirectory: database.dataDirectory, ...(database.url ? { databaseUrl: database.url } : {}) });
    proxy.setTarget(api.url);
    expect(await anna.sync()).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    expect(await countTicketsIn(reopened, 'KILL-')).toBe(total);
    expect(consoleState(anna.core)).toEqual(await serverState(reopened.db));
    await reopened.close();
  });

  it('the console process is killed after sending and restarted', async () => {
    const server = await startTestServer(engine);
    cleanups.push(server.stop);
    const first = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
    const dataDirectory = first.dataDirectory;
    await first.close();
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'support', 'console-child.ts'), dataDirectory, server.customerId, '200', 'CHILD'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let tries = 0; tries < 2000 && (await countTickets(server.db, 'CHILD-')) === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    expect(output).toContain('queued');
    const restarted = await openConsole({ serverUrl: server.url, email: 'anna@test.it', dataDirectory });
    cleanups.push(restarted.close);
    expect(await restarted.sync()).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    expect(await countTickets(server.db, 'CHILD-')).toBe(200);
    expect(consoleState(restarted.core)).toEqual(await serverState(server.db));
  });
});

/** A second handle on the database while the server process owns it. */
const createTestDatabaseView = async (database: Awaited<ReturnType<typeof createTestDatabase>>) => {
  const { openServerDatabase } = await import('../../../src/server/db/server-database.ts');
  return openServerDatabase({ dataDirectory: database.dataDirectory, ...(database.url ? { databaseUrl: database.url } : {}) });
};
const countTicketsIn = async (server: Awaited<ReturnType<typeof createTestDatabaseView>>, prefix: string) =>
  Number((await server.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('number', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);
