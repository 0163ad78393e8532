import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * A colleague who left is disabled while their console is signed in and holds work made offline:
 * at its next sync the console delivers that work, then signs out and keeps nothing of theirs.
 */
describe('a disabled account’s console', () => {
  let server: TestServer;
  let anna: TestConsole;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { clock: () => new Date() });
    await createUser(server.db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
  });
  afterAll(async () => {
    await anna.remove();
    await server.stop();
  });

  it('delivers what was made before the disabling, then signs out with nothing left on it', async () => {
    await anna.sync();
    const ticketId = newId();
    // Made offline, before the admin disables the account.
    anna.execute('ticket.create', { id: ticketId, number: 'OFF-1', customerId: server.customerId, channel: 'phone', subject: 'Fatto prima', description: '', priority: 'P3', blocking: false, openedAt: new Date(Date.now() - 60_000).toISOString() });
    expect(anna.core.sync.status().pending).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const admin = await server.loginAs('admin@test.it');
    expect((await server.call('POST', '/admin/users/disabled', { id: server.users.anna, disabled: true, reason: 'Ha lasciato l’azienda' }, admin)).body.ok).toBe(true);

    const status = await anna.sync();
    expect(await server.db.selectFrom('tickets').select('subject').where('id', '=', ticketId).executeTakeFirst()).toEqual({ subject: 'Fatto prima' });
    expect(status).toMatchObject({ state: 'signed_out', user: null, pending: 0, rejected: 0, lastError: expect.stringMatching(/Account disattivato/) });
    const sqlite = anna.core.local.sqlite;
    for (const table of ['tickets', 'customers', 'users', 'outbox']) expect(sqlite.prepare(`SELECT count(*) AS count FROM ${table}`).get(), table).toEqual({ count: 0 });
    // The next person signs in on the same workstation without anything owed in the way.
    await anna.core.sync.login(server.url, 'bruno@test.it', password);
    expect(anna.core.sync.status()).toMatchObject({ state: 'online', user: { email: 'bruno@test.it' } });
  });
});
