import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/main/core/core.ts';
import { openLocalDatabase } from '../src/main/core/db/database.ts';
import { writeTransaction } from '../src/main/core/db/write-transaction.ts';
import { writeSetting } from '../src/main/core/settings/settings.repository.ts';
import { createUser, defaultAuthPolicy } from '../src/server/auth/auth.service.ts';
import { openServerDatabase } from '../src/server/db/server-database.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { newId } from '../src/shared/ids.ts';
import { spawnServerProcess } from '../test/support/server-process.ts';

const benchPolicy = { ...defaultAuthPolicy, passwordCost: { N: 2 ** 12, r: 8, p: 1 } };
const format = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Sync throughput, in one run: the initial pull of 50,000 tickets and 200,000 interventions into
 * an empty console against a plain better-sqlite3 bulk insert of the same rows, the longest stretch
 * the console's event loop was blocked meanwhile (in Electron that would freeze every IPC call), and
 * the push of 5,000 queued commands. The central API runs as its own process on loopback, as in
 * production, over SQLite.
 */
export const runSyncBench = async (sizes = { tickets: 50_000, interventionsPerTicket: 4, commands: 5_000 }) => {
  console.log('\n# sync (central API in its own process on loopback, SQLite engine)');
  const root = mkdtempSync(join(tmpdir(), 'presidio-bench-'));
  try {
    const server = await openServerDatabase({ dataDirectory: join(root, 'server') });
    const userId = await createUser(server.db, { email: 'bench@test.it', displayName: 'Bench', role: 'team_lead', password: 'bench-password' }, benchPolicy);
    const at = new Date().toISOString();

    // Build the central data set directly (rows and their change-log entries), outside the timing.
    const customers = Array.from({ length: 500 }, (_, i) => ({ id: newId(), code: `B${i}`, name: `Cliente ${i}`, vat_number: null, email: null, phone: null, city: 'Milano', created_at: at, updated_at: at }));
    const tickets: Array<Record<string, unknown>> = [];
    const interventions: Array<Record<string, unknown>> = [];
    for (let i = 0; i < sizes.tickets; i++) {
      const id = newId();
      tickets.push({ id, number: `B-${i}`, customer_id: customers[i % customers.length]!.id, channel: 'phone', subject: `Richiesta numero ${i}`, description: 'Descrizione della richiesta del cliente', priority: `P${1 + (i % 4)}`, status: i % 3 === 0 ? 'closed' : 'open', blocking: 0, cause: null, resolution: null, assignee_id: null, created_by: null, opened_at: at, updated_at: at, closed_at: i % 3 === 0 ? at : null });
      for (let j = 0; j < sizes.interventionsPerTicket; j++) {
        interventions.push({ id: newId(), ticket_id: id, technician_id: userId, device_id: null, mode: 'remote', activity: 'software_assistance', backup_check: 'confirmed', status: 'stopped', notes: '', approved: 0, started_at: at, stopped_at: at, billing_json: null, created_at: at, updated_at: at });
      }
    }
    const ticketWire = (t: Record<string, unknown>) => ({ id: t['id'], number: t['number'], customerId: t['customer_id'], channel: t['channel'], subject: t['subject'], description: t['description'], priority: t['priority'], status: t['status'], blocking: false, cause: null, resolution: null, assigneeId: null, openedAt: at, updatedAt: at, closedAt: t['closed_at'] });
    const interventionWire = (r: Record<string, unknown>) => ({ id: r['id'], ticketId: r['ticket_id'], technicianId: userId, deviceId: null, mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', status: 'stopped', notes: '', approved: false, startedAt: at, stoppedAt: at, billing: null });
    const customerWire = (c: (typeof customers)[number]) => ({ id: c.id, code: c.code, name: c.name, vatNumber: null, email: null, phone: null, city: c.city });
    const insert = async (table: 'customers' | 'tickets' | 'interventions', rows: Array<Record<string, unknown>>) => {
      for (let i = 0; i < rows.length; i += 500) await server.db.insertInto(table).values(rows.slice(i, i + 500) as never).execute();
    };
    await insert('customers', customers);
    await insert('tickets', tickets);
    await insert('interventions', interventions);
    const changes = [
      ...customers.map((c) => ({ entity: 'customer', id: c.id, data: customerWire(c) })),
      ...tickets.map((t) => ({ entity: 'ticket', id: String(t['id']), data: ticketWire(t) })),
      ...interventions.map((r) => ({ entity: 'intervention', id: String(r['id']), data: interventionWire(r) })),
    ];
    const base = Number((await server.db.selectFrom('sync_counter').select('seq').executeTakeFirstOrThrow()).seq);
    for (let i = 0; i < changes.length; i += 500) {
      await server.db
        .insertInto('sync_changes')
        .values(changes.slice(i, i + 500).map((change, k) => ({ seq: base + i + k + 1, entity: change.entity, entity_id: change.id, op: 'upsert' as const, data: JSON.stringify(change.data), changed_at: at })))
        .execute();
    }
    await server.db.updateTable('sync_counter').set({ seq: base + changes.length }).execute();

    await server.close();
    const api = await spawnServerProcess({ dataDirectory: join(root, 'server') });
    const url = api.url;

    // Baseline: the same rows straight into a fresh console database with one prepared insert each.
    const baselineDb = openLocalDatabase(join(root, 'baseline', 'presidio.sqlite'));
    const baselineStarted = performance.now();
    baselineDb.sqlite.pragma('foreign_keys = OFF');
    const insertCustomer = baselineDb.sqlite.prepare(`INSERT INTO customers (id, code, name, city, free_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)`);
    const insertTicket = baselineDb.sqlite.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`);
    const insertIntervention = baselineDb.sqlite.prepare(`INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, notes, started_at, stopped_at, created_at, updated_at) VALUES (?, ?, ?, 'remote', 'software_assistance', 'confirmed', 'stopped', '', ?, ?, ?, ?)`);
    baselineDb.sqlite.transaction(() => {
      for (const c of customers) insertCustomer.run(c.id, c.code, c.name, c.city, at, at);
      for (const t of tickets) insertTicket.run(t['id'], t['number'], t['customer_id'], t['channel'], t['subject'], t['description'], t['priority'], t['status'], at, at, t['closed_at']);
      for (const r of interventions) insertIntervention.run(r['id'], r['ticket_id'], userId, at, at, at, at);
    })();
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    await baselineDb.close();

    // The real thing: an empty console logs in and pulls everything through the API.
    let longestTransaction = 0;
    let rowsOnWorker = 0;
    const consoleCore = createCore({
      dataDirectory: join(root, 'console'),
      host: 'browser',
      version: 'bench',
      onPageApplied: ({ rows, milliseconds, onWorker }) => {
        longestTransaction = Math.max(longestTransaction, milliseconds);
        if (onWorker) rowsOnWorker += rows;
      },
    });
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    // A technician keeps working during the pull: a small write of the core every 50 ms, timed.
    let longestCoreWrite = 0;
    let writes = 0;
    const technician = setInterval(() => {
      const began = performance.now();
      writeTransaction(consoleCore.local.sqlite, () => writeSetting(consoleCore.local.sqlite, 'bench.write', writes++));
      longestCoreWrite = Math.max(longestCoreWrite, performance.now() - began);
    }, 50);
    const pullStarted = performance.now();
    const signedIn = await consoleCore.sync.login(url, 'bench@test.it', 'bench-password');
    if (signedIn.lastError) throw new Error(`the pull failed: ${signedIn.lastError}`);
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    clearInterval(technician);
    stalls.disable();
    // The histogram records how late each 5 ms tick came: its maximum is the longest the core could not answer.
    const longestStall = stalls.max / 1e6;
    const rows = changes.length;
    const pulled = (consoleCore.local.sqlite.prepare('SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM interventions) AS n').get() as { n: number }).n;
    console.log(`initial pull: ${format(rows)} rows (${format(sizes.tickets)} tickets, ${format(interventions.length)} interventions) in ${pullSeconds.toFixed(1)} s = ${format(rows / pullSeconds)} rows/s`);
    console.log(`baseline bulk insert of the same rows: ${baselineSeconds.toFixed(2)} s = ${format(rows / baselineSeconds)} rows/s`);
    console.log(`pull ratio: ${(((rows / pullSeconds) / (rows / baselineSeconds)) * 100).toFixed(0)}% of bulk insert`);
    console.log(`longest local stall: ${longestStall.toFixed(0)} ms (event loop of the console's core; longest local transaction ${longestTransaction.toFixed(0)} ms)`);
    console.log(`rows stored by the pull worker: ${((rowsOnWorker / rows) * 100).toFixed(0)}% (large pages; small ones stay on the core's thread)`);
    console.log(`longest core write during the pull: ${longestCoreWrite.toFixed(0)} ms (${format(writes)} writes, one every 50 ms)`);
    if (pulled !== sizes.tickets + interventions.length) throw new Error(`pulled ${pulled} rows, expected ${sizes.tickets + interventions.length}`);

    // Push: queue commands offline-style, then time one sync that pushes them all.
    consoleCore.sync.stop();
    const ticketIds = tickets.filter((t) => t['status'] === 'open').slice(0, sizes.commands).map((t) => String(t['id']));
    for (let i = 0; i < sizes.commands; i++) {
      consoleCore.sync.execute('ticket.update', { ticketId: ticketIds[i % ticketIds.length], changes: { priority: i % 2 === 0 ? 'P1' : 'P2' } });
    }
    const pushStarted = performance.now();
    const status = await consoleCore.sync.syncNow();
    const pushSeconds = (performance.now() - pushStarted) / 1000;
    console.log(`push: ${format(sizes.commands / pushSeconds)} commands/s (${format(sizes.commands)} queued commands in ${pushSeconds.toFixed(2)} s; pending after: ${status.pending}, rejected: ${status.rejected})`);
    if (status.pending !== 0 || status.rejected !== 0) throw new Error('the push left commands behind');

    await consoleCore.close();
    await api.kill();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};
