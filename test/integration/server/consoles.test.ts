import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { openConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

describe.each(engineNames)('each console’s last sync and pending work, for the lead (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server.stop());

  it('a pull tells who is pulling and what it still holds; the lead reads every console, a technician none', async () => {
    const anna = await server.loginAs('anna@test.it');
    const lead = await server.loginAs('lead@test.it');
    const clientId = newId();
    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 1, presence: { clientId, pending: 3 } }, anna);
    expect(pulled.body.ok).toBe(true);
    // Someone else's console id does not rewrite that console's record.
    await server.call('POST', '/sync/pull', { cursor: 0, limit: 1, presence: { clientId, pending: 99 } }, lead);

    expect((await server.call('POST', '/review/consoles', {}, anna)).body.error?.code).toBe('forbidden');
    const answer = await server.call('POST', '/review/consoles', {}, lead);
    expect(answer.body.value.consoles).toEqual([expect.objectContaining({ clientId, userName: 'Anna Tecnica', role: 'technician', pendingCommands: 3 })]);
    expect((await server.call('POST', '/sync/pull', { cursor: 0, limit: 1, presence: { clientId, pending: -1 } }, anna)).status).toBe(400);
  });

  it('a real console reports at every sync; the lead’s console reads the list online and says when it cannot', async () => {
    const technician = await openConsole({ serverUrl: server.url, email: 'bruno@test.it' });
    const leader = await openConsole({ serverUrl: server.url, email: 'lead@test.it' });
    try {
      await technician.sync();
      await leader.sync();
      const { consoles } = await leader.core.handlers['review.consoles']({});
      expect(consoles.find((item) => item.userName === 'Bruno Tecnico')).toMatchObject({ pendingCommands: 0 });
      expect(consoles.find((item) => item.userName === 'Lea Leader')).toMatchObject({ pendingCommands: 0 });
      await expect(Promise.resolve().then(() => technician.core.handlers['review.consoles']({}))).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      await technician.remove();
      await leader.close();
    }
    // The API gone: the lead's console answers that the list needs it.
    await server.app.close();
    const offline = await openConsole({ serverUrl: server.url, email: 'lead@test.it', dataDirectory: leader.dataDirectory, login: false });
    try {
      await expect(offline.core.handlers['review.consoles']({})).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await offline.close();
      rmSync(leader.dataDirectory, { recursive: true, force: true });
    }
  });
});
