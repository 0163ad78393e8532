import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { demoContactEmail, demoPassword, seedServerDemo } from '../../../src/server/seed/server-demo-seed.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { createTestDatabase, postgresAvailable, testAuthPolicy, type TestDatabase } from '../../support/server-engines.ts';
import { startRoundRobinProxy } from '../../support/round-robin-proxy.ts';
import { spawnServerProcess } from '../../support/server-process.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

type Envelope = { ok: boolean; value?: any; error?: { code: string; message: string } };

/**
 * Deployment (issue 27, item 3): two API processes on one PostgreSQL behind a round-robin balancer,
 * consoles and a customer against it. Nothing may depend on which process answers: sync converges,
 * a closure mail goes out once, sign-in throttles are shared, calendar edits from two leads both
 * land, an order is confirmed once.
 */
describe.runIf(postgresAvailable)('two API processes on one PostgreSQL', () => {
  let database: TestDatabase;
  const folders = [makeTempDirectory('presidio-api-a-'), makeTempDirectory('presidio-api-b-')];
  let apis: Array<Awaited<ReturnType<typeof spawnServerProcess>>> = [];
  let balancer: Awaited<ReturnType<typeof startRoundRobinProxy>>;
  const consoles: TestConsole[] = [];
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${balancer.url}${path}`, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Envelope, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedServerDemo(database.server, { passwordCost: testAuthPolicy.passwordCost, tickets: 20 });
    apis = await Promise.all(folders.map((folder) => spawnServerProcess({ dataDirectory: folder.path, databaseUrl: database.url! })));
    balancer = await startRoundRobinProxy(apis.map((api) => api.url));
  }, 60_000);
  afterAll(async () => {
    for (const opened of consoles) await opened.remove();
    await balancer?.close();
    for (const api of apis) await api.kill();
    await database?.drop();
    for (const folder of folders) folder.remove();
  });

  it('consoles converge through both processes; a closure mail is sent once', async () => {
    const anna = await openConsole({ serverUrl: balancer.url, email: 'marco.esposito@presidio.example', password: demoPassword });
    consoles.push(anna);
    const lead = await openConsole({ serverUrl: balancer.url, email: 'giulia.ferrari@presidio.example', password: demoPassword });
    consoles.push(lead);
    await anna.sync();
    const customer = await database.server.db.selectFrom('customers').select('id').orderBy('code').executeTakeFirstOrThrow();
    const ticketId = newId();
    anna.execute('ticket.create', { id: ticketId, number: `DUE-${ticketId.slice(-6)}`, customerId: customer.id, channel: 'phone', subject: 'Due processi', description: '', priority: 'P3', blocking: false, openedAt: new Date(Date.now() - 120_000).toISOString() });
    anna.execute('ticket.close', { ticketId, cause: 'vendor', resolution: 'Risolto al telefono', closedAt: new Date().toISOString() });
    for (let round = 0; round < 4; round += 1) await anna.sync();
    await lead.sync();
    await lead.sync();
    expect(lead.core.local.sqlite.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId)).toEqual({ status: 'closed' });
    expect(balancer.served().size).toBe(2);
    // Both processes run a mail worker: the closure mail goes out once.
    await expect.poll(async () => (await database.server.db.selectFrom('mail_outbox').select('status').where('ticket_id', '=', ticketId).execute()).map((row) => row.status), { timeout: 20_000 }).toEqual(['sent']);
    const files = folders.flatMap((folder) => (existsSync(join(folder.path, 'mail')) ? readdirSync(join(folder.path, 'mail')) : []));
    const mail = await database.server.db.selectFrom('mail_outbox').select('id').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(files.filter((name) => name.startsWith(mail.id))).toHaveLength(1);
  }, 60_000);

  it('sign-in throttles are shared by the processes', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await call('POST', '/auth/login', { email: 'sara.romano@presidio.example', password: `sbagliata-${attempt}` })).status);
    // Five failures per account in the window, wherever they landed; then locked, on both processes.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('calendar edits of two leads at once both land; an order is confirmed once', async () => {
    const admin = await openConsole({ serverUrl: balancer.url, email: 'elena.conti@presidio.example', password: demoPassword });
    consoles.push(admin);
    const lead = consoles[1]!;
    const closure = (name: string, day: string) => ({ kind: 'addClosure' as const, id: newId(), from: day, to: day, name, windows: [] });
    lead.execute('calendar.edit', { edit: closure('Santo patrono', '2027-01-29'), reason: 'Patrono' });
    admin.execute('calendar.edit', { edit: closure('Inventario', '2027-02-15'), reason: 'Inventario annuale' });
    await Promise.all([lead.sync(), admin.sync()]);
    await Promise.all([lead.sync(), admin.sync()]);
    const calendar = await database.server.db.selectFrom('support_calendar').selectAll().executeTakeFirstOrThrow();
    const names = JSON.stringify(calendar);
    expect(names).toContain('Santo patrono');
    expect(names).toContain('Inventario');
    expect(lead.core.sync.status().rejected + admin.core.sync.status().rejected).toBe(0);

    const signedIn = await call('POST', '/portal/api/login', { email: demoContactEmail, password: demoPassword });
    const headers = { cookie: signedIn.cookie, 'x-csrf-token': signedIn.body.value.csrfToken as string };
    const offers = (await call('GET', '/portal/api/offers', undefined, headers)).body.value.offers as Array<{ id: string }>;
    const order = await call('POST', '/portal/api/orders', { offerId: offers[0]!.id }, headers);
    expect(order.body.ok).toBe(true);
    const leadToken = (await call('POST', '/auth/login', { email: 'giulia.ferrari@presidio.example', password: demoPassword })).body.value.token as string;
    const confirm = () => call('POST', '/portal-admin/orders/confirm', { id: order.body.value.id }, { authorization: `Bearer ${leadToken}` });
    const countPackages = async () => Number((await database.server.db.selectFrom('hour_bank_packages').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    const packagesBefore = await countPackages();
    const answers = await Promise.all([confirm(), confirm(), confirm(), confirm()]);
    expect(answers.filter((answer) => answer.body.ok && answer.body.value.status === 'confirmed').length).toBeGreaterThanOrEqual(1);
    const packages = await database.server.db.selectFrom('package_orders').select(['status', 'package_id']).where('id', '=', order.body.value.id).execute();
    expect(packages).toHaveLength(1);
    expect(packages[0]?.status).toBe('confirmed');
    const created = await database.server.db.selectFrom('hour_bank_packages').select('id').where('id', '=', packages[0]!.package_id!).execute();
    expect(created).toHaveLength(1);
    expect(await countPackages()).toBe(packagesBefore + 1);
  }, 60_000);
});
