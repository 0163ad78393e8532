import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createUser, defaultAuthPolicy } from '../src/server/auth/auth.service.ts';
import { recordChanges } from '../src/server/sync/change-log.ts';
import { openServerDatabase } from '../src/server/db/server-database.ts';
import { newId } from '../src/shared/ids.ts';
import { spawnServerProcess } from '../test/support/server-process.ts';

const adminUrl = process.env['PRESIDIO_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchPolicy = { ...defaultAuthPolicy, passwordCost: { N: 2 ** 12, r: 8, p: 1 } };
const password = 'bench-password';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Many consoles against one central API on PostgreSQL, on loopback: each console pushes a command
 * (an edit of its own ticket, alternating with starting and stopping work on it) and pulls what
 * changed, every `intervalMs` on average, for `seconds`. The API runs as its own process, as in
 * production. Reports push latency percentiles and errors (transport failures, non-200 answers,
 * refused commands: none is expected).
 */
export const runApiLoadBench = async (options: { consoles: number; seconds: number; intervalMs: number }) => {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    console.log(`api load: p99 - ms, errors - (PostgreSQL non raggiungibile su ${adminUrl}: carico non misurato)`);
    return;
  }
  const name = `presidio_load_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const root = mkdtempSync(join(tmpdir(), 'presidio-load-'));
  let api: Awaited<ReturnType<typeof spawnServerProcess>> | undefined;
  try {
    // Users, a customer and one ticket per console, prepared directly in the database.
    const database = await openServerDatabase({ dataDirectory: root, databaseUrl });
    const users: string[] = [];
    for (let i = 0; i < 10; i++) {
      await createUser(database.db, { email: `carico${i}@bench.it`, displayName: `Carico ${i}`, role: 'technician', password }, benchPolicy);
      users.push(`carico${i}@bench.it`);
    }
    const at = new Date().toISOString();
    const customerId = newId();
    await database.db.insertInto('customers').values({ id: customerId, code: 'LOAD', name: 'Carico', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
    await database.db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }], new Date()));
    const head = Number((await database.db.selectFrom('sync_counter').select('seq').executeTakeFirstOrThrow()).seq);
    await database.close();

    api = await spawnServerProcess({ dataDirectory: root, databaseUrl });
    const url = api.url;
    const call = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      type Answer = { ok: boolean; value?: { token: string; cursor: number; hasMore: boolean; results?: Array<{ status: string }> } };
      return { status: response.status, body: (await response.json()) as Answer };
    };

    type Console = { token: string; clientId: string; mutationId: number; cursor: number; ticketId: string; intervention: string | null; step: number };
    const consoles: Console[] = [];
    for (let i = 0; i < options.consoles; i++) {
      const login = await call('/auth/login', { email: users[i % users.length], password });
      if (!login.body.ok || !login.body.value) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      consoles.push({ token: login.body.value.token, clientId: newId(), mutationId: 0, cursor: head, ticketId: newId(), intervention: null, step: 0 });
    }
    const latencies: number[] = [];
    let errors = 0;
    let commands = 0;
    const nextCommand = (c: Console) => {
      c.step += 1;
      const stamp = new Date().toISOString();
      if (c.step === 1) return { name: 'ticket.create', args: { id: c.ticketId, number: `L-${c.clientId.slice(-12)}`, customerId, channel: 'phone', subject: 'Carico', description: '', priority: 'P3', blocking: false, openedAt: stamp } };
      if (c.step % 3 === 0 && !c.intervention) {
        c.intervention = newId();
        return { name: 'intervention.start', args: { id: c.intervention, ticketId: c.ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', startedAt: stamp } };
      }
      if (c.step % 3 === 0 && c.intervention) {
        const interventionId = c.intervention;
        c.intervention = null;
        return { name: 'intervention.stop', args: { interventionId, at: stamp } };
      }
      return { name: 'ticket.update', args: { ticketId: c.ticketId, changes: { priority: c.step % 2 === 0 ? 'P2' : 'P3' } } };
    };
    const stopAt = performance.now() + options.seconds * 1000;
    const drive = async (c: Console) => {
      // Consoles do not start in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * options.intervalMs));
      while (performance.now() < stopAt) {
        const command = nextCommand(c);
        const started = performance.now();
        try {
          const pushed = await call('/sync/push', { clientId: c.clientId, commands: [{ mutationId: ++c.mutationId, ...command, issuedAt: new Date().toISOString() }] }, c.token);
          latencies.push(performance.now() - started);
          commands += 1;
          if (pushed.status !== 200 || pushed.body.value?.results?.[0]?.status !== 'applied') errors += 1;
          for (;;) {
            const pulled = await call('/sync/pull', { cursor: c.cursor, limit: 500 }, c.token);
            if (pulled.status !== 200 || !pulled.body.value) {
              errors += 1;
              break;
            }
            c.cursor = pulled.body.value.cursor;
            if (!pulled.body.value.hasMore) break;
          }
        } catch {
          errors += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs * (0.5 + Math.random())));
      }
    };
    await Promise.all(consoles.map(drive));
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `load: ${options.consoles} consoles for ${options.seconds} s, each pushing one command and pulling every ~${(options.intervalMs / 1000).toFixed(1)} s: ` +
        `${commands.toLocaleString('en-US')} commands, push p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`,
    );
    console.log(`api load: p99 ${percentile(sorted, 99).toFixed(0)} ms, errors ${errors}`);
  } finally {
    await api?.kill();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(root, { recursive: true, force: true });
  }
};
