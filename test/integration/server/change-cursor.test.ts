import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * The pull cursor must never skip a change: readers page through the change log while several
 * consoles write at once. With a plain sequence or a timestamp a reader could see a later number
 * commit before an earlier one and move its cursor past it forever.
 */
describe.each(engineNames)('change cursor under concurrent writers (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server.stop());

  it('a reader paging while six consoles write sees every change exactly once per version', async () => {
    const writers = await Promise.all(['anna@test.it', 'bruno@test.it', 'lead@test.it', 'anna@test.it', 'bruno@test.it', 'lead@test.it'].map((email) => server.consoleFor(email)));
    const reader = await server.loginAs('lead@test.it');
    const created = new Set<string>();
    const seen = new Set<string>();
    let cursor = 0;
    let writing = true;
    let lastSeq = 0;

    const readLoop = (async () => {
      for (;;) {
        const stillWriting = writing;
        const page = await server.call('POST', '/sync/pull', { cursor, limit: 7 }, reader);
        expect(page.status).toBe(200);
        for (const change of page.body.value.changes) {
          expect(change.seq).toBeGreaterThan(lastSeq); // strictly increasing across pages
          lastSeq = change.seq;
          if (change.entity === 'ticket') seen.add(change.id);
        }
        cursor = page.body.value.cursor;
        if (!stillWriting && !page.body.value.hasMore) return;
      }
    })();

    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 25; i++) {
          const id = newId();
          created.add(id);
          const result = await writer.push([
            writer.command('ticket.create', {
              id, number: `CUR-${w}-${i}`, customerId: server.customerId, channel: 'web_form', subject: `Richiesta ${i}`,
              description: '', priority: 'P3', blocking: false, openedAt: new Date().toISOString(),
            }),
          ]);
          expect(result.body.value.results[0].status).toBe('applied');
        }
      }),
    );
    writing = false;
    await readLoop;
    const missing = [...created].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
  });
});
