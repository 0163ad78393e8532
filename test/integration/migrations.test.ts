import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDatabase } from '../../src/main/core/db/database.ts';
import { migrations } from '../../src/main/core/db/migrations/index.ts';
import { appliedMigrationIds, migrate } from '../../src/main/core/db/migrator.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

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
