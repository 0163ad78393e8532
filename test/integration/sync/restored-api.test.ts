import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { buildServer } from '../../../src/server/app.ts';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { openServerDatabase, type ServerDb } from '../../../src/server/db/server-database.ts';
import {
  backupEmbedded,
  backupPostgres,
  restoreEmbedded,
  verifyPostgresBackup,
} from '../../../src/server/ops/backup.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { startLoopbackProxy } from '../../support/loopback-proxy.ts';
import pg from 'pg';
import { engineNames, postgresAdminUrl, testAuthPolicy } from '../../support/server-engines.ts';
import { password } from '../../support/server-fixture.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/**
 * The restore drill's second half (issue 27): the API is restored from a backup older than work a
 * console already had acknowledged. At its next sync the console sends that work again under its
 * own ids and pulls the restored copy afresh: the API ends with everything once, nothing doubled.
 * On both engines: an embedded folder restored from its copy, a PostgreSQL dump restored with pg_restore.
 */
describe.each(engineNames)('a console meets an API restored from a backup (%s)', (engine) => {
  const temp = makeTempDirectory('presidio-restored-');
  const opened: Array<{ close: () => Promise<void> }> = [];
  afterAll(async () => {
    for (const item of opened.reverse()) await item.close();
    temp.remove();
  });
  const databases: string[] = [];
  /** A PostgreSQL database of its own (created empty: the API migrates it, or a dump is restored into it). */
  const newPostgres = async () => {
    const name = `presidio_restore_${newId().replaceAll('-', '').slice(-12)}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databases.push(name);
    return postgresAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  };
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const serve = async (dataDirectory: string, databaseUrl?: string) => {
    const database = await openServerDatabase({ dataDirectory, ...(databaseUrl ? { databaseUrl } : {}) });
    const app = buildServer({ database, authPolicy: testAuthPolicy, logLevel: 'silent' });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const handle = {
      database,
      url,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
    opened.push(handle);
    return handle;
  };
  const ticketsIn = async (database: ServerDb) =>
    (await database.db.selectFrom('tickets').select(['id', 'subject']).orderBy('subject').execute()).map(
      (row) => row.subject,
    );

  it.each([
    ['with new work waiting (its push learns of the restore)', true, false],
    ['with nothing to send (its pull learns of the restore)', false, false],
    ['when its journal no longer holds the lost work (it says so and goes on)', true, true],
  ])(
    'sends again what the restored API lost, once, and realigns its copy: %s',
    async (_label, newWork, journalGone) => {
      const root = join(temp.path, `${newWork ? 'a' : 'b'}${journalGone ? 'x' : ''}`);
      const firstUrl = engine === 'postgres' ? await newPostgres() : undefined;
      const first = await serve(join(root, 'api'), firstUrl);
      await createUser(
        first.database.db,
        { email: 'anna@test.it', displayName: 'Anna', role: 'technician', password },
        testAuthPolicy,
      );
      const at = new Date().toISOString();
      const customerId = newId();
      await first.database.db
        .insertInto('customers')
        .values({
          id: customerId,
          code: 'R1',
          name: 'Ripristino',
          vat_number: null,
          email: null,
          phone: null,
          city: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await first.database.db
        .transaction()
        .execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }], new Date()));
      const proxy = await startLoopbackProxy(first.url);
      opened.push(proxy);
      const anna: TestConsole = await openConsole({ serverUrl: proxy.url, email: 'anna@test.it' });
      opened.push({ close: () => anna.remove() });
      const create = (subject: string) => {
        const id = newId();
        anna.execute('ticket.create', {
          id,
          number: `R-${id.slice(-8)}`,
          customerId,
          channel: 'phone',
          subject,
          description: '',
          priority: 'P3',
          blocking: false,
          openedAt: new Date(Date.now() - 60_000).toISOString(),
        });
        return id;
      };
      create('1 prima del backup');
      await anna.sync();
      const backup = firstUrl
        ? await backupPostgres({
            databaseUrl: firstUrl,
            targetRoot: join(root, 'backups'),
            now: new Date(),
            appVersion: 'test',
          })
        : await backupEmbedded({
            dataDirectory: join(root, 'api'),
            targetRoot: join(root, 'backups'),
            now: new Date(),
            appVersion: 'test',
          });
      const lostTicket = create('2 dopo il backup');
      anna.execute('intervention.start', {
        id: newId(),
        ticketId: lostTicket,
        segmentId: newId(),
        mode: 'phone',
        activity: 'software_assistance',
        backupCheck: 'not_needed_phone_info',
        startedAt: new Date(Date.now() - 30_000).toISOString(),
      });
      await anna.sync();
      expect(anna.core.sync.status().pending).toBe(0);
      expect(await ticketsIn(first.database)).toEqual(['1 prima del backup', '2 dopo il backup']);

      // The API's disk fails; the backup is restored into a new folder and served at the same address.
      await first.close();
      let restoredUrl: string | undefined;
      if (engine === 'postgres') {
        restoredUrl = await newPostgres();
        await verifyPostgresBackup({ backupDirectory: backup, scratchUrl: restoredUrl });
      } else restoreEmbedded({ backupDirectory: backup, dataDirectory: join(root, 'restored') });
      const restored = await serve(join(root, 'restored'), restoredUrl);
      proxy.setTarget(restored.url);
      expect(await ticketsIn(restored.database)).toEqual(['1 prima del backup']);

      if (newWork) create('3 dopo il ripristino');
      // Older than the 30 days the journal keeps: the work applied after the backup cannot be sent again.
      if (journalGone) anna.core.local.sqlite.prepare('DELETE FROM sent_commands').run();
      const first_ = await anna.sync();
      if (journalGone) expect(first_.lastError).toMatch(/non sono state reinviate/);
      await anna.sync();
      const expected = journalGone
        ? ['1 prima del backup', '3 dopo il ripristino']
        : newWork
          ? ['1 prima del backup', '2 dopo il backup', '3 dopo il ripristino']
          : ['1 prima del backup', '2 dopo il backup'];
      expect(await ticketsIn(restored.database)).toEqual(expected);
      expect(await restored.database.db.selectFrom('interventions').select('ticket_id').execute()).toEqual(
        journalGone ? [] : [{ ticket_id: lostTicket }],
      );
      expect(anna.core.sync.status()).toMatchObject({ pending: 0, rejected: 0 });
      expect(anna.core.local.sqlite.prepare('SELECT subject FROM tickets ORDER BY subject').all()).toEqual(
        expected.map((subject) => ({ subject })),
      );
      // A later sync changes nothing: nothing is sent twice.
      await anna.sync();
      expect(await ticketsIn(restored.database)).toHaveLength(expected.length);
    },
    60_000,
  );
});
