import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServerDatabase } from '../../../src/server/db/server-database.ts';
import { serverMigrations } from '../../../src/server/db/server-migrations.ts';
import { newId } from '../../../src/shared/ids.ts';
import { createTestDatabase, engineNames, type TestDatabase } from '../../support/server-engines.ts';

describe.each(engineNames)('server migrations (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database.drop());

  it('ids are unique, timestamp-prefixed, in order, and all applied once', async () => {
    const ids = serverMigrations.map((migration) => migration.id);
    for (const id of ids) expect(id).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect([...ids].sort()).toEqual(ids);
    const applied = await database.server.db.selectFrom('schema_migrations').select('id').orderBy('id').execute();
    expect(applied.map((row) => row.id)).toEqual(ids);
    expect(await migrateServerDatabase(database.server)).toEqual([]);
  });

  it('20261121190000_initial: the change counter starts at zero and constraints hold', async () => {
    const counter = await database.server.db.selectFrom('sync_counter').selectAll().executeTakeFirstOrThrow();
    expect(Number(counter.seq)).toBe(0);
    const at = new Date().toISOString();
    await expect(
      database.server.db.insertInto('users').values({ id: newId(), email: 'x@test.it', display_name: 'X', role: 'boss' as never, password_hash: 'h', disabled: 0, created_at: at, updated_at: at }).execute(),
    ).rejects.toThrow();
  });

  it('20261121210000_append_only: the ledger and the audit log refuse updates and deletes', async () => {
    const { db } = database.server;
    const at = new Date().toISOString();
    const customerId = newId();
    await db.insertInto('customers').values({ id: customerId, code: 'AO', name: 'Append', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
    const entry = newId();
    await db.insertInto('hour_bank_ledger').values({ id: entry, customer_id: customerId, entry_type: 'grant', source: 'free', package_id: null, minutes: 60, intervention_id: null, reason: 'x', author_id: null, created_at: at }).execute();
    await expect(db.updateTable('hour_bank_ledger').set({ minutes: 6000 }).where('id', '=', entry).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('hour_bank_ledger').where('id', '=', entry).execute()).rejects.toThrow(/append-only/);
    const audit = newId();
    await db.insertInto('audit_log').values({ id: audit, actor_id: null, entity: 'x', entity_id: 'y', action: 'z', before_json: null, after_json: null, reason: null, created_at: at }).execute();
    await expect(db.deleteFrom('audit_log').where('id', '=', audit).execute()).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_log SET reason = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('refuses a database written by a newer release', async () => {
    await database.server.db.insertInto('schema_migrations').values({ id: '29991231000000_future', applied_at: new Date().toISOString() }).execute();
    await expect(migrateServerDatabase(database.server)).rejects.toThrow(/versione più recente/);
  });
});
