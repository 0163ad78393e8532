import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openLocalDatabase } from '../../../src/main/core/db/database.ts';
import { setTicketIndexing } from '../../../src/main/core/db/ticket-indexing.ts';
import { configurePullConnection } from '../../../src/main/core/sync/pull-connection.ts';
import { deferSearchIndex, isSearchIndexDeferred, rebuildSearchIndex } from '../../../src/main/core/tickets/search-index.repository.ts';
import { newId } from '../../../src/shared/ids.ts';
import { openConsole } from '../../support/console-fixture.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/** A first pull indexes tickets for search once, at its end: nothing pulled may be missing from search. */
describe('search after a first pull', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { clock: fixtureEvening });
    const lead = await server.consoleFor('lead@test.it');
    const commands = Array.from({ length: 30 }, (_, index) =>
      lead.command('ticket.create', { id: newId(), number: `S-${index}`, customerId: server.customerId, channel: 'phone', subject: index === 7 ? 'Registratore telematico bloccato' : `Richiesta ${index}`, description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T09:00:00.000Z' }),
    );
    await lead.push(commands);
  });
  afterAll(async () => server.stop());

  it('finds every pulled ticket by text, number and customer once the pull ends, in pages or not', async () => {
    const console_ = await openConsole({ serverUrl: server.url, email: 'anna@test.it', pageSize: 7 });
    try {
      const search = (text: string) => console_.core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 100, search: text });
      expect((await search('registratore telematico')).items.map((ticket) => ticket.number)).toEqual(['S-7']);
      expect((await search('S-29')).items.map((ticket) => ticket.number)).toEqual(['S-29']);
      expect((await search('Ferramenta Rossi')).total).toBe(30);
      expect(isSearchIndexDeferred(console_.core.local.sqlite)).toBe(false);
    } finally {
      await console_.remove();
    }
  });

  it('a pull interrupted while indexing was deferred leaves the index to be built later, edits made meanwhile included once', async () => {
    const dir = makeTempDirectory();
    const local = openLocalDatabase(`${dir.path}/presidio.sqlite`);
    // The pull stores on its own connection, without the indexing trigger while the index is deferred.
    const pull = configurePullConnection(new BetterSqlite3(`${dir.path}/presidio.sqlite`));
    try {
      const { sqlite } = local;
      sqlite.exec(`INSERT INTO customers (id, code, name, free_minutes, created_at, updated_at) VALUES ('c', 'C', 'Ottica Bianchi', 0, 'x', 'x')`);
      deferSearchIndex(sqlite);
      setTicketIndexing(pull, false);
      const insert = pull.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES (?, ?, 'c', 'phone', ?, '', 'P3', 'open', 0, 'x', 'x')`);
      for (let n = 0; n < 12_000; n++) insert.run(newId(), `D-${n}`, n === 11_999 ? 'Stampante inceppata' : 'Richiesta');
      const match = (text: string) => (sqlite.prepare('SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH ?').get(text) as { n: number }).n;
      expect(match('Bianchi')).toBe(0);
      // An edit while deferred is indexed by the update trigger; the build must not index it twice.
      sqlite.prepare(`UPDATE tickets SET subject = 'Lettore barcode guasto' WHERE number = 'D-3'`).run();
      await rebuildSearchIndex(sqlite);
      expect(isSearchIndexDeferred(sqlite)).toBe(false);
      expect(match('Bianchi')).toBe(12_000);
      expect(match('barcode')).toBe(1);
      expect(match('inceppata')).toBe(1);
      // The core's own connection always indexes what it writes.
      sqlite.prepare(`INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at) VALUES (?, 'D-new', 'c', 'phone', 'Monitor spento', '', 'P3', 'open', 0, 'x', 'x')`).run(newId());
      expect(match('monitor')).toBe(1);
    } finally {
      pull.close();
      await local.close();
      dir.remove();
    }
  });
});
