import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDatabase } from '../../src/main/core/db/database.ts';
import { migrations } from '../../src/main/core/db/migrations/index.ts';
import { appliedMigrationIds, migrate } from '../../src/main/core/db/migrator.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { setTicketIndexing } from '../../src/main/core/db/ticket-indexing.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

const freshFile = () => {
  const dir = makeTempDirectory();
  cleanups.push(dir.remove);
  return `${dir.path}/presidio.sqlite`;
};

const tableNames = (sqlite: BetterSqlite3.Database) =>
  sqlite
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);

describe('migrations', () => {
  it('ids are unique, timestamp-prefixed and in order', () => {
    const ids = migrations.map((migration) => migration.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('20261121180000_initial creates the first schema with STRICT tables and working constraints', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, migrations.slice(0, 1));
    expect(tableNames(sqlite)).toEqual([
      'contracts', 'customers', 'devices', 'interventions', 'outbox', 'schema_migrations', 'settings',
      'tickets', 'timer_segments', 'users',
    ]);
    const strict = sqlite.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all();
    expect(strict.every((table) => table.strict === 1)).toBe(true);
    // STRICT rejects a wrongly typed value; CHECK rejects an unknown priority; FK rejects an orphan.
    sqlite.prepare("INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x')").run();
    const insertTicket = sqlite.prepare(
      "INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES (?, ?, ?, 'phone', 'S', ?, 'open', 'x', 'x')",
    );
    expect(() => insertTicket.run('t1', 'N1', 'c1', 'P9')).toThrow(/CHECK/);
    expect(() => insertTicket.run('t1', 'N1', 'nobody', 'P1')).toThrow(/FOREIGN KEY/);
    expect(() => sqlite.prepare("UPDATE customers SET free_minutes = 'many' WHERE id = 'c1'").run()).toThrow(/cannot store TEXT/);
    insertTicket.run('t1', 'N1', 'c1', 'P1');
  });

  it('20261121200000_sync keeps existing rows and makes the replica columns', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, migrations.slice(0, 1));
    sqlite.exec(`
      INSERT INTO users (id, display_name, email, role) VALUES ('u1', 'Anna', 'a@x.it', 'technician');
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'N1', 'c1', 'phone', 'S', 'P1', 'open', 'x', 'x');
      INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, started_at, created_at, updated_at)
        VALUES ('i1', 't1', 'u1', 'phone', 'software_assistance', 'confirmed', 'running', 'x', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 2));
    expect(sqlite.prepare('SELECT approved, billing_json, device_id FROM interventions').get()).toEqual({ approved: 0, billing_json: null, device_id: null });
    // Two running timers of one technician can now arrive from the server.
    sqlite.exec(`INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, started_at, created_at, updated_at)
      VALUES ('i2', 't1', 'u1', 'phone', 'software_assistance', 'confirmed', 'running', 'x', 'x', 'x')`);
    expect(tableNames(sqlite)).toContain('hour_banks');
  });

  it('20261121220000_ticket_search indexes existing tickets and follows every change', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 2));
    sqlite.exec(`
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Caffè Perché', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'T-2026-00042', 'c1', 'phone', 'Stampante fiscale', 'P1', 'open', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 3));
    const search = (query: string) => sqlite.prepare<[string], { id: string }>('SELECT t.id FROM tickets t WHERE t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)').all(query).map((row) => row.id);
    expect(search('"perche"*')).toEqual(['t1']); // backfilled, accents folded
    expect(search('"00042"*')).toEqual(['t1']);
    sqlite.exec(`UPDATE tickets SET subject = 'Lettore barcode' WHERE id = 't1'`);
    expect(search('"stampante"*')).toEqual([]);
    expect(search('"barcode"*')).toEqual(['t1']);
    sqlite.exec(`UPDATE customers SET name = 'Bar Sport' WHERE id = 'c1'`);
    expect(search('"sport"*')).toEqual(['t1']);
    sqlite.exec(`DELETE FROM tickets WHERE id = 't1'`);
    expect(search('"sport"*')).toEqual([]);
  });

  it('20261121230000_repairs creates the repair records with their workflow checks', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 4));
    sqlite.exec(`
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO devices (id, customer_id, model, serial, purchase_date, created_at, updated_at) VALUES ('d1', 'c1', 'Cassa', 'S1', '2026-01-01', 'x', 'x');`);
    const insert = sqlite.prepare(
      "INSERT INTO repairs (id, customer_id, device_id, reported_defect, status, received_on, warranty_covered, warranty_expires_on, updated_at) VALUES (?, 'c1', 'd1', 'Guasto', ?, '2026-02-01', 1, '2027-01-01', 'x')",
    );
    insert.run('r1', 'received');
    expect(() => insert.run('r2', 'lost')).toThrow(/CHECK/);
    expect(sqlite.prepare('SELECT labour_minutes, transport FROM repairs').get()).toEqual({ labour_minutes: 0, transport: 0 });
  });

  it('20261130090000_sync_trust keeps existing work and adds the review flag, fault counts, restores and quarantine', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 4));
    sqlite.exec(`
      INSERT INTO users (id, display_name, email, role) VALUES ('u1', 'Anna', 'a@x.it', 'technician');
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'N1', 'c1', 'phone', 'S', 'P1', 'open', 'x', 'x');
      INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, started_at, created_at, updated_at)
        VALUES ('i1', 't1', 'u1', 'phone', 'software_assistance', 'confirmed', 'running', 'x', 'x', 'x');
      INSERT INTO outbox (command, payload, created_at, issued_at) VALUES ('ticket.update', '{}', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 5));
    expect(sqlite.prepare('SELECT review_reason FROM interventions').get()).toEqual({ review_reason: null });
    expect(sqlite.prepare('SELECT status, attempts FROM outbox').get()).toEqual({ status: 'pending', attempts: 0 });
    expect(() => sqlite.prepare('UPDATE outbox SET attempts = -1').run()).toThrow(/CHECK/);
    sqlite.prepare("INSERT INTO pending_restores (entity, entity_id, queued_at) VALUES ('ticket', 't1', 'x')").run();
    expect(() => sqlite.prepare("INSERT INTO pending_restores (entity, entity_id, queued_at) VALUES ('ticket', 't1', 'y')").run()).toThrow(/UNIQUE|PRIMARY/);
    sqlite.prepare("INSERT INTO sync_quarantine (entity, entity_id, seq, data, error, quarantined_at) VALUES ('ticket', 't9', 7, NULL, 'x', 'x')").run();
    expect(tableNames(sqlite)).toEqual(expect.arrayContaining(['pending_restores', 'sync_quarantine']));
  });

  it('20261130100000_search_index_on_change re-indexes a ticket only when a searched field changes', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 5));
    sqlite.exec(`
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'N1', 'c1', 'phone', 'Stampante', 'P1', 'open', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 6));
    const search = (query: string) => sqlite.prepare<[string], { id: string }>('SELECT t.id FROM tickets t WHERE t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)').all(query).map((row) => row.id);
    const indexWrites = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = indexWrites();
    sqlite.exec(`UPDATE tickets SET subject = 'Stampante', priority = 'P2' WHERE id = 't1'`);
    // One row changed, no index rows rewritten.
    expect(indexWrites() - before).toBe(1);
    expect(search('"stampante"*')).toEqual(['t1']);
    sqlite.exec(`UPDATE tickets SET subject = 'Lettore' WHERE id = 't1'`);
    expect(search('"stampante"*')).toEqual([]);
    expect(search('"lettore"*')).toEqual(['t1']);
  });

  it('20261130120000_repair_billing keeps existing repairs and adds when work was logged and the charged figures', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 6));
    sqlite.exec(`
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO devices (id, customer_id, model, serial, purchase_date, created_at, updated_at) VALUES ('d1', 'c1', 'Cassa', 'S1', '2026-01-01', 'x', 'x');
      INSERT INTO repairs (id, customer_id, device_id, reported_defect, status, received_on, warranty_covered, warranty_expires_on, labour_minutes, updated_at)
        VALUES ('r1', 'c1', 'd1', 'Guasto', 'repairing', '2026-02-01', 1, '2027-01-01', 45, 'x');`);
    migrate(sqlite, migrations.slice(0, 7));
    expect(sqlite.prepare('SELECT labour_minutes, labour_logged_at, restore_logged_at, billing_json FROM repairs').get()).toEqual({
      labour_minutes: 45,
      labour_logged_at: null,
      restore_logged_at: null,
      billing_json: null,
    });
    expect(() => sqlite.prepare("UPDATE repairs SET billing_json = 'not json'").run()).toThrow(/CHECK/);
  });

  it('20261130140000_support_calendar keeps existing data and stores one validated calendar row', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 7));
    sqlite.exec("INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x')");
    migrate(sqlite, migrations.slice(0, 8));
    expect(sqlite.prepare('SELECT count(*) AS count FROM customers').get()).toEqual({ count: 1 });
    expect(sqlite.prepare('SELECT count(*) AS count FROM support_calendar').get()).toEqual({ count: 0 });
    const insert = sqlite.prepare("INSERT INTO support_calendar (id, revision, calendar_json, updated_at, updated_by) VALUES ('k', ?, ?, 'x', NULL)");
    expect(() => insert.run(2, 'not json')).toThrow(/CHECK/);
    expect(() => insert.run('two', '{}')).toThrow(/cannot store TEXT/);
    insert.run(2, '{}');
  });

  it('20261130150000_quality_calls keeps existing data and stores each sampled week as one row', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 8));
    sqlite.exec("INSERT INTO support_calendar (id, revision, calendar_json, updated_at) VALUES ('k', 2, '{}', 'x')");
    migrate(sqlite, migrations.slice(0, 9));
    expect(sqlite.prepare('SELECT revision FROM support_calendar').get()).toEqual({ revision: 2 });
    const insert = sqlite.prepare("INSERT INTO quality_weeks (id, week, share_percent, closed_tickets, sampled_at, sampled_by, calls_json) VALUES (?, '2026-W48', 10, 30, 'x', 'u', ?)");
    expect(() => insert.run('w1', 'not json')).toThrow(/CHECK/);
    insert.run('w1', '[]');
    expect(sqlite.prepare('SELECT week, calls_json FROM quality_weeks').get()).toEqual({ week: '2026-W48', calls_json: '[]' });
  });

  it('20261130180000_ticket_feedback keeps existing data and stores the customers\' answers with a sane rating', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 9));
    sqlite.exec("INSERT INTO quality_weeks (id, week, share_percent, closed_tickets, sampled_at, sampled_by, calls_json) VALUES ('w', '2026-W48', 10, 30, 'x', 'u', '[]')");
    migrate(sqlite, migrations.slice(0, 10));
    expect(sqlite.prepare('SELECT week FROM quality_weeks').get()).toEqual({ week: '2026-W48' });
    const insert = sqlite.prepare("INSERT INTO ticket_feedback (id, ticket_id, rating, comment, submitted_at) VALUES (?, 't', ?, '', 'x')");
    expect(() => insert.run('f0', 0)).toThrow(/CHECK/);
    expect(() => insert.run('f6', 6)).toThrow(/CHECK/);
    insert.run('f5', 5);
    expect(sqlite.prepare('SELECT ticket_id, rating FROM ticket_feedback').get()).toEqual({ ticket_id: 't', rating: 5 });
  });

  it('20261130190000_deferred_search_index keeps the index and indexes new tickets unless a pull deferred it', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 10));
    sqlite.exec(`INSERT INTO customers (id, code, name, free_minutes, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 0, 'x', 'x')`);
    const insert = sqlite.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES (?, ?, 'c', 'phone', ?, '', 'P3', 'open', 0, 'x', 'x')`);
    insert.run('t1', 'N-1', 'Prima');
    migrate(sqlite, migrations.slice(0, 11));
    const match = (text: string) => (sqlite.prepare('SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH ?').get(text) as { n: number }).n;
    expect(match('prima')).toBe(1);
    insert.run('t2', 'N-2', 'Seconda');
    expect(match('seconda')).toBe(1);
    sqlite.exec(`INSERT INTO settings (key, value) VALUES ('search.deferred', 'true')`);
    insert.run('t3', 'N-3', 'Terza');
    expect(match('terza')).toBe(0);
  });

  it('20261130200000_search_index_per_connection keeps the index; new tickets are indexed by the connections that install the trigger', () => {
    const file = freshFile();
    const sqlite = new BetterSqlite3(file);
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 11));
    sqlite.exec(`INSERT INTO customers (id, code, name, free_minutes, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 0, 'x', 'x')`);
    const insert = sqlite.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES (?, ?, 'c', 'phone', ?, '', 'P3', 'open', 0, 'x', 'x')`);
    insert.run('t1', 'N-1', 'Prima');
    migrate(sqlite, migrations.slice(0, 12));
    const match = (text: string) => (sqlite.prepare('SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH ?').get(text) as { n: number }).n;
    expect(match('prima')).toBe(1);
    insert.run('t2', 'N-2', 'Seconda');
    expect(match('seconda')).toBe(0);
    setTicketIndexing(sqlite, true);
    sqlite.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES ('t3', 'N-3', 'c', 'phone', 'Terza', '', 'P3', 'open', 0, 'x', 'x')`).run();
    expect(match('terza')).toBe(1);
    // Another connection to the same file has its own triggers: none until it installs one.
    const other = new BetterSqlite3(file);
    cleanups.push(() => other.close());
    other.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES ('t4', 'N-4', 'c', 'phone', 'Quarta', '', 'P3', 'open', 0, 'x', 'x')`).run();
    expect(match('quarta')).toBe(0);
  });

  it('20261203090000_warranty_review keeps devices and repairs, with nothing to confirm until a decision says so', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 12));
    sqlite.exec(`INSERT INTO customers (id, code, name, free_minutes, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 0, 'x', 'x')`);
    sqlite.exec(`INSERT INTO devices (id, customer_id, model, serial, purchase_date, warranty_months, created_at, updated_at) VALUES ('d', 'c', 'PC', 'S1', '2026-01-10', 12, 'x', 'x')`);
    migrate(sqlite, migrations.slice(0, 13));
    expect(sqlite.prepare('SELECT serial, warranty_review FROM devices').get()).toEqual({ serial: 'S1', warranty_review: null });
    sqlite.exec(`UPDATE devices SET warranty_review = 'Da confermare'`);
    expect(sqlite.prepare('SELECT warranty_review FROM devices').get()).toEqual({ warranty_review: 'Da confermare' });
    const repairColumns = sqlite.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'repairs\')').all().map((column) => column.name);
    expect(repairColumns).toContain('review_reason');
  });

  it('20261203130000_intervention_place_and_conditions keeps the work and its segments; a fourth mode and the standard conditions', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, migrations.slice(0, 13));
    sqlite.exec(`
      INSERT INTO users (id, display_name, email, role) VALUES ('u1', 'Anna', 'a@x.it', 'technician');
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'N1', 'c1', 'phone', 'S', 'P1', 'open', 'x', 'x');
      INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, started_at, created_at, updated_at, approved, review_reason)
        VALUES ('i1', 't1', 'u1', 'on_site', 'software_assistance', 'confirmed', 'paused', 'x', 'x', 'x', 1, 'lungo');
      INSERT INTO timer_segments (id, intervention_id, started_at, ended_at, heartbeat_at) VALUES ('s1', 'i1', 'a', 'b', 'b');`);
    migrate(sqlite, migrations.slice(0, 14));
    expect(sqlite.prepare('SELECT mode, approved, review_reason, software_up_to_date, conforming_setup FROM interventions').get()).toEqual({
      mode: 'on_site', approved: 1, review_reason: 'lungo', software_up_to_date: null, conforming_setup: null,
    });
    expect(sqlite.prepare('SELECT intervention_id FROM timer_segments').get()).toEqual({ intervention_id: 'i1' });
    sqlite.prepare("UPDATE interventions SET mode = 'vendor_site', software_up_to_date = 0, conforming_setup = 1").run();
    expect(() => sqlite.prepare("UPDATE interventions SET mode = 'moon'").run()).toThrow(/CHECK/);
    expect(() => sqlite.prepare('UPDATE interventions SET conforming_setup = 2').run()).toThrow(/CHECK/);
    // Foreign keys are back on and still point at the rebuilt table.
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => sqlite.prepare("INSERT INTO timer_segments (id, intervention_id, started_at, heartbeat_at) VALUES ('s2', 'nowhere', 'a', 'a')").run()).toThrow(/FOREIGN KEY/);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interventions' AND name NOT LIKE 'sqlite_%'").all()).toEqual([{ name: 'interventions_ticket' }]);
  });

  it('20261203140000_billing_preference keeps customers, with no choice until the portal records one', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 14));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x')`);
    migrate(sqlite, migrations.slice(0, 15));
    expect(sqlite.prepare('SELECT code, billing_preference FROM customers').get()).toEqual({ code: 'C1', billing_preference: null });
    sqlite.prepare("UPDATE customers SET billing_preference = 'consuntivo'").run();
    expect(() => sqlite.prepare("UPDATE customers SET billing_preference = 'gratis'").run()).toThrow(/CHECK/);
  });

  it('20261203150000_repair_parts keeps repairs, with no parts and the flat transport fee until someone says otherwise', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 15));
    sqlite.exec(`
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 'x', 'x');
      INSERT INTO devices (id, customer_id, model, serial, purchase_date, warranty_months, created_at, updated_at) VALUES ('d', 'c', 'PC', 'S1', '2026-01-10', 12, 'x', 'x');
      INSERT INTO repairs (id, customer_id, device_id, reported_defect, parts, status, received_on, warranty_covered, warranty_expires_on, updated_at) VALUES ('r', 'c', 'd', 'Rotto', 'alimentatore', 'received', '2026-11-01', 1, '2027-01-10', 'x');`);
    migrate(sqlite, migrations.slice(0, 16));
    expect(sqlite.prepare('SELECT parts, parts_json, transport_cents FROM repairs').get()).toEqual({ parts: 'alimentatore', parts_json: '[]', transport_cents: null });
    expect(() => sqlite.prepare('UPDATE repairs SET transport_cents = -1').run()).toThrow(/CHECK/);
  });

  it('20261203160000_ticket_taken_at takes existing tickets in charge at their first intervention, or leaves them unknown', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 16));
    sqlite.exec(`
      INSERT INTO users (id, display_name, email, role) VALUES ('u1', 'Anna', 'a@x.it', 'technician');
      INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c1', 'C1', 'Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t1', 'N1', 'c1', 'phone', 'S', 'P1', 'open', 'a', 'x'), ('t2', 'N2', 'c1', 'phone', 'S', 'P1', 'open', 'a', 'x');
      INSERT INTO interventions (id, ticket_id, technician_id, mode, activity, backup_check, status, started_at, created_at, updated_at)
        VALUES ('i1', 't1', 'u1', 'phone', 'software_assistance', 'confirmed', 'paused', 'c', 'x', 'x'), ('i2', 't1', 'u1', 'phone', 'software_assistance', 'confirmed', 'paused', 'b', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 17));
    expect(sqlite.prepare('SELECT id, taken_at FROM tickets ORDER BY id').all()).toEqual([
      { id: 't1', taken_at: 'b' },
      { id: 't2', taken_at: null },
    ]);
  });

  it('20261203170000_billing_policy holds the policy versions the API sends, one row with a sane revision', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 18));
    expect(tableNames(sqlite)).toContain('billing_policy');
    sqlite.prepare("INSERT INTO billing_policy (id, revision, versions_json, updated_at, updated_by) VALUES ('p', 1, '[]', 'x', NULL)").run();
    expect(() => sqlite.prepare("INSERT INTO billing_policy (id, revision, versions_json, updated_at) VALUES ('q', -1, '[]', 'x')").run()).toThrow(/CHECK/);
    expect(() => sqlite.prepare("INSERT INTO billing_policy (id, revision, versions_json, updated_at) VALUES ('p', 2, '[]', 'x')").run()).toThrow(/UNIQUE|PRIMARY/);
  });

  it('20261203180000_contract_notes keeps contracts, with no notes until a lead writes some', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 19));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 'x', 'x');
      INSERT INTO contracts (id, customer_id, kind, valid_from, valid_to, created_at, updated_at) VALUES ('k', 'c', 'standard', '2026-01-01', NULL, 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 20));
    expect(sqlite.prepare('SELECT kind, valid_from, notes FROM contracts').get()).toEqual({ kind: 'standard', valid_from: '2026-01-01', notes: null });
  });

  it('20261203190000_customer_master_data keeps customers, with empty master data until imported or edited', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 20));
    sqlite.exec(`INSERT INTO customers (id, code, name, city, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 'Verona', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 21));
    expect(sqlite.prepare('SELECT city, fiscal_code, address, postal_code, province, notes FROM customers').get()).toEqual({
      city: 'Verona',
      fiscal_code: null,
      address: null,
      postal_code: null,
      province: null,
      notes: null,
    });
  });

  it('20261203200000_customer_search indexes the customers already there and follows every change', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 21));
    sqlite.exec(`INSERT INTO customers (id, code, name, city, created_at, updated_at) VALUES ('c', 'C1', 'Caffè dell’Adige', 'Verona', 'x', 'x');`);
    migrate(sqlite, migrations.slice(0, 22));
    const find = (query: string) => sqlite.prepare('SELECT c.code FROM customers_fts JOIN customers c ON c.rowid = customers_fts.rowid WHERE customers_fts MATCH ? ORDER BY c.code').all(query);
    expect(find('caffe')).toEqual([{ code: 'C1' }]);
    sqlite.exec(`INSERT INTO customers (id, code, name, vat_number, city, created_at, updated_at) VALUES ('d', 'C2', 'Officina Bianchi', '01234567897', 'Trento', 'x', 'x');
      UPDATE customers SET city = 'Rovereto' WHERE id = 'd';`);
    expect(find('rovereto')).toEqual([{ code: 'C2' }]);
    expect(find('trento')).toEqual([]);
    expect(find('"01234567897"')).toEqual([{ code: 'C2' }]);
    sqlite.exec(`DELETE FROM customers WHERE id = 'd'`);
    expect(find('officina')).toEqual([]);
  });

  it('20261203210000_search_secure_delete drops a replaced description’s words leave the index and the file', () => {
    const file = freshFile();
    const sqlite = new BetterSqlite3(file);
    cleanups.push(() => sqlite.close());
    sqlite.pragma('secure_delete = ON');
    migrate(sqlite, migrations.slice(0, 23));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES ('t', 'T-1', 'c', 'phone', 'Stampante', 'Scritto da zebediaquattro', 'P3', 'open', 0, 'x', 'x');
      UPDATE tickets SET description = 'Scritto da un contatto cancellato' WHERE id = 't';`);
    expect(sqlite.prepare('SELECT count(*) AS count FROM tickets_fts WHERE tickets_fts MATCH ?').get('zebediaquattro')).toEqual({ count: 0 });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes('zebediaquattro')).toBe(false);
  });

  it('20261203220000_sent_journal keeps applied commands apart from the outbox', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 24));
    sqlite.exec(`INSERT INTO sent_commands (mutation_id, command, payload, created_at, issued_at, applied_at) VALUES (7, 'ticket.create', '{}', 'x', 'x', '2026-12-03T10:00:00.000Z')`);
    expect(sqlite.prepare('SELECT mutation_id, command FROM sent_commands').all()).toEqual([{ mutation_id: 7, command: 'ticket.create' }]);
    expect(sqlite.prepare('SELECT count(*) AS count FROM outbox').get()).toEqual({ count: 0 });
  });

  it('20261203230000_conversation widens the ticket channels keeping rows, rowids and the search index, and keeps threads and read marks', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 23));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c', 'C', 'Ottica Rossi', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES ('t', 'T-1', 'c', 'phone', 'Stampante', 'Carta inceppata', 'P3', 'open', 0, 'x', 'x');
      INSERT INTO tickets_fts (rowid, number, subject, description, customer_name) SELECT rowid, number, subject, description, 'Ottica Rossi' FROM tickets;`);
    expect(() => sqlite.exec(`INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('e', 'T-2', 'c', 'email', 'S', 'P3', 'open', 'x', 'x')`)).toThrow(/CHECK/);
    const rowid = sqlite.prepare(`SELECT rowid FROM tickets WHERE id = 't'`).get();
    migrate(sqlite, migrations.slice(0, 24));
    expect(sqlite.prepare(`SELECT rowid FROM tickets WHERE id = 't'`).get()).toEqual(rowid);
    sqlite.exec(`INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('e', 'T-2', 'c', 'email', 'Dalla posta', 'P3', 'open', 'x', 'x')`);
    const find = (query: string) => sqlite.prepare('SELECT t.id FROM tickets_fts JOIN tickets t ON t.rowid = tickets_fts.rowid WHERE tickets_fts MATCH ?').all(query);
    expect(find('inceppata')).toEqual([{ id: 't' }]);
    sqlite.exec(`UPDATE customers SET name = 'Ottica Bianchi' WHERE id = 'c'`);
    expect(find('bianchi')).toEqual([{ id: 't' }]);
    sqlite.exec(`UPDATE tickets SET subject = 'Scanner' WHERE id = 't'`);
    expect(find('scanner')).toEqual([{ id: 't' }]);
    expect(() => sqlite.exec(`UPDATE tickets SET status = 'closed' WHERE id = 't'`)).toThrow(/CHECK/);
    sqlite.exec(`INSERT INTO ticket_messages (id, ticket_id, author_kind, author_id, author_name, visibility, source, body, written_at) VALUES ('m', 't', 'customer', NULL, 'Mario', 'public', 'portal', 'Funziona', 'x');
      INSERT INTO ticket_reads (ticket_id, read_at) VALUES ('t', 'x');`);
    expect(() => sqlite.exec(`INSERT INTO ticket_messages (id, ticket_id, author_kind, visibility, source, body, written_at) VALUES ('n', 't', 'robot', 'public', 'portal', 'x', 'x')`)).toThrow(/CHECK/);
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });

  it('20261203233000_account_manager keeps each customer’s account manager', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 25));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at, account_manager_id) VALUES ('c', 'C', 'Cliente', 'x', 'x', 'u')`);
    expect(sqlite.prepare('SELECT account_manager_id FROM customers').get()).toEqual({ account_manager_id: 'u' });
  });

  it('20261203234000_work_reports keeps signed reports with their fingerprint', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 26));
    sqlite.exec(`INSERT INTO customers (id, code, name, created_at, updated_at) VALUES ('c', 'C', 'Cliente', 'x', 'x');
      INSERT INTO tickets (id, number, customer_id, channel, subject, priority, status, opened_at, updated_at) VALUES ('t', 'T-1', 'c', 'phone', 'S', 'P3', 'open', 'x', 'x');
      INSERT INTO work_reports (id, ticket_id, version, supersedes, content_json, signature_json, content_hash, created_at, created_by) VALUES ('r', 't', 1, NULL, '{}', '{}', '${'a'.repeat(64)}', 'x', 'u');`);
    expect(() => sqlite.exec(`INSERT INTO work_reports (id, ticket_id, version, content_json, signature_json, content_hash, created_at, created_by) VALUES ('s', 't', 1, '{', '{}', 'abc', 'x', 'u')`)).toThrow(/CHECK/);
  });

  it('20261203237000_calls keeps the desk’s calls for the banner and the call log', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    migrate(sqlite, migrations.slice(0, 27));
    sqlite.exec(`INSERT INTO calls (id, from_number, line, customer_id, state, rang_at) VALUES ('k', '+390454684131', 'weekend', NULL, 'ringing', 'x')`);
    expect(() => sqlite.exec(`INSERT INTO calls (id, line, state, rang_at) VALUES ('l', 'main', 'lost', 'x')`)).toThrow(/CHECK/);
  });

  it('a migration that rebuilds a table refuses to leave broken references', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec('CREATE TABLE parent (id TEXT PRIMARY KEY) STRICT; CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent(id)) STRICT;');
    sqlite.exec("INSERT INTO parent VALUES ('p'); INSERT INTO child VALUES ('c', 'p');");
    const dropsTheParent = { id: '20990101000000_lossy', rebuildsTables: true as const, sql: 'CREATE TABLE parent_next (id TEXT PRIMARY KEY) STRICT; DROP TABLE parent; ALTER TABLE parent_next RENAME TO parent;' };
    expect(() => migrate(sqlite, [dropsTheParent])).toThrow(/riferimenti non validi/);
    expect(sqlite.prepare('SELECT id FROM parent').all()).toEqual([{ id: 'p' }]);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('every migration has its own test here', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL(import.meta.url), 'utf8');
    for (const migration of migrations) expect(text, `no test for ${migration.id}`).toContain(`'${migration.id} `);
  });

  it('brings an empty database to the latest schema and is idempotent', () => {
    const file = freshFile();
    const first = openLocalDatabase(file);
    expect(appliedMigrationIds(first.sqlite)).toEqual(migrations.map((migration) => migration.id));
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    first.sqlite.close();
    const again = new BetterSqlite3(file);
    cleanups.push(() => again.close());
    expect(migrate(again, migrations).applied).toEqual([]);
  });

  it('refuses a database written by a newer release, without touching it', () => {
    const file = freshFile();
    const sqlite = new BetterSqlite3(file);
    migrate(sqlite, [...migrations, { id: '29991231235959_future', sql: 'CREATE TABLE future (x INTEGER) STRICT;' }]);
    sqlite.close();
    expect(() => openLocalDatabase(file)).toThrow(/versione più recente/);
    const check = new BetterSqlite3(file);
    cleanups.push(() => check.close());
    expect(appliedMigrationIds(check)).toContain('29991231235959_future');
  });

  it('rolls back a failing migration as a whole', () => {
    const sqlite = new BetterSqlite3(freshFile());
    cleanups.push(() => sqlite.close());
    const broken = { id: '20990101000000_broken', sql: 'CREATE TABLE half (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' };
    expect(() => migrate(sqlite, [broken])).toThrow();
    expect(tableNames(sqlite)).not.toContain('half');
    expect(appliedMigrationIds(sqlite)).toEqual([]);
  });
});
