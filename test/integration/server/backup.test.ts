import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { openServerDatabase } from '../../../src/server/db/server-database.ts';
import { backupEmbedded, backupPostgres, pruneBackups, readVerifiedManifest, restoreEmbedded, verifyPostgresBackup } from '../../../src/server/ops/backup.ts';
import { backupDue, startBackupSchedule } from '../../../src/server/ops/backup-schedule.ts';
import pg from 'pg';
import { engineNames, postgresAdminUrl } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/**
 * Backups (issue 27, item 1): a copy taken while consoles keep writing holds every change
 * committed before it started, restores into a new data folder (or a scratch PostgreSQL database)
 * and matches its manifest; a damaged, foreign or newer backup is refused.
 */
describe.each(engineNames)('backup and restore drill (%s)', (engine) => {
  let server: TestServer;
  const temp = makeTempDirectory('presidio-backup-');
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.stop();
    temp.remove();
  });

  it('a backup taken mid-stream holds every change committed before it, and restores whole', async () => {
    const consoles = await Promise.all(['anna@test.it', 'bruno@test.it', 'lead@test.it'].map((email) => server.consoleFor(email)));
    const acknowledged: Array<{ id: string; at: number }> = [];
    let writing = true;
    const writers = consoles.map(async (desk, index) => {
      for (let round = 0; writing; round += 1) {
        const id = newId();
        const answer = await desk.push([desk.command('ticket.create', { id, number: `B${index}-${round}`, customerId: server.customerId, channel: 'phone', subject: `Scrittura ${round}`, description: '', priority: 'P3', blocking: false, openedAt: new Date().toISOString() })]);
        if (answer.body.value?.results?.[0]?.status === 'applied') acknowledged.push({ id, at: performance.now() });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const startedAt = performance.now();
    const root = join(temp.path, engine);
    const made =
      engine === 'sqlite'
        ? await backupEmbedded({ dataDirectory: server.database.dataDirectory, targetRoot: root, now: new Date(), appVersion: 'test' })
        : await backupPostgres({ databaseUrl: server.database.url!, targetRoot: root, now: new Date(), appVersion: 'test' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    writing = false;
    await Promise.all(writers);
    const before = acknowledged.filter((write) => write.at < startedAt).map((write) => write.id);
    expect(before.length).toBeGreaterThan(5);
    expect(acknowledged.length).toBeGreaterThan(before.length);
    const manifest = readVerifiedManifest(made);
    expect(manifest.engine).toBe(engine);

    let restoredTickets: string[];
    if (engine === 'sqlite') {
      const target = join(temp.path, 'restored');
      restoreEmbedded({ backupDirectory: made, dataDirectory: target });
      expect(() => restoreEmbedded({ backupDirectory: made, dataDirectory: target })).toThrow(/contiene già un database/);
      const restored = await openServerDatabase({ dataDirectory: target });
      restoredTickets = (await restored.db.selectFrom('tickets').select('id').execute()).map((row) => row.id);
      const changes = Number((await restored.db.selectFrom('sync_changes').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
      expect(changes).toBe(manifest.rowCounts['sync_changes']);
      await restored.close();
    } else {
      // A scratch database with nothing in it, as the operator makes one to verify a dump.
      const name = `presidio_scratch_${newId().replaceAll('-', '').slice(-12)}`;
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const scratchUrl = postgresAdminUrl.replace(/\/[^/]*$/, `/${name}`);
      try {
        const verified = await verifyPostgresBackup({ backupDirectory: made, scratchUrl });
        expect(verified.rows).toBeGreaterThan(before.length);
        const restored = await openServerDatabase({ dataDirectory: temp.path, databaseUrl: scratchUrl });
        restoredTickets = (await restored.db.selectFrom('tickets').select('id').execute()).map((row) => row.id);
        await restored.close();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    }
    expect(restoredTickets.length).toBe(manifest.rowCounts['tickets']);
    const restoredSet = new Set(restoredTickets);
    expect(before.filter((id) => !restoredSet.has(id))).toEqual([]);
  }, 120_000);

  it('refuses a damaged backup and one from a newer release', async () => {
    const root = join(temp.path, engine);
    const made = join(root, readdirSync(root).find((name) => name.startsWith('presidio-backup-'))!);
    const manifestPath = join(made, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { schema: string[]; files: Array<{ sha256: string }> };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, schema: [...manifest.schema, '29991231000000_future'] }));
    expect(() => readVerifiedManifest(made)).toThrow(/versione più recente di Presidio/);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: manifest.files.map((file, index) => (index === 0 ? { ...file, sha256: '0'.repeat(64) } : file)) }));
    expect(() => readVerifiedManifest(made)).toThrow(/Backup danneggiato/);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(() => readVerifiedManifest(temp.path)).toThrow(/non è un backup di Presidio/);
  });
});

describe('the daily backup’s schedule', () => {
  it('the API makes today’s backup at start, once, and removes the expired ones', async () => {
    const folder = makeTempDirectory('presidio-schedule-');
    try {
      const data = join(folder.path, 'api');
      const database = await openServerDatabase({ dataDirectory: data });
      await database.close();
      const target = join(folder.path, 'backups');
      mkdirSync(join(target, 'presidio-backup-20261101T020000Z'), { recursive: true });
      const logged: string[] = [];
      const log = { info: (_fields: object, message: string) => void logged.push(message), error: (_fields: object, message: string) => void logged.push(message) };
      const clock = () => new Date('2026-12-03T09:00:00Z');
      const schedule = startBackupSchedule({ dataDirectory: data, targetRoot: target, keepDays: 14, appVersion: 'test', log, clock, everyMs: 60_000 });
      await schedule.started;
      await schedule.stop();
      expect(readdirSync(target)).toEqual(['presidio-backup-20261203T090000Z']);
      // A second start the same day finds today's backup and makes none.
      const again = startBackupSchedule({ dataDirectory: data, targetRoot: target, keepDays: 14, appVersion: 'test', log, clock, everyMs: 60_000 });
      await again.started;
      await again.stop();
      expect(readdirSync(target)).toHaveLength(1);
      expect(logged).toEqual(['backup giornaliero completato']);
    } finally {
      folder.remove();
    }
  });

  it('is due once per day and keeps the configured days (always the newest)', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    expect(backupDue([], now)).toBe(true);
    expect(backupDue(['presidio-backup-20261203T020000Z'], now)).toBe(false);
    expect(backupDue(['presidio-backup-20261202T020000Z', 'altro'], now)).toBe(true);
    const root = makeTempDirectory('presidio-prune-');
    try {
      for (const day of ['20261101', '20261120', '20261125', '20261203']) mkdirSync(join(root.path, `presidio-backup-${day}T020000Z`));
      expect(pruneBackups(root.path, 14, now)).toEqual(['presidio-backup-20261101T020000Z']);
      expect(existsSync(join(root.path, 'presidio-backup-20261120T020000Z'))).toBe(true);
      expect(pruneBackups(root.path, 1, new Date('2027-06-01T00:00:00Z'))).toHaveLength(2);
      expect(existsSync(join(root.path, 'presidio-backup-20261203T020000Z'))).toBe(true);
    } finally {
      root.remove();
    }
  });
});
