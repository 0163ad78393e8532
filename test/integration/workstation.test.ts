import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core.ts';
import { createFileSecretStore, type Encryptor } from '../../src/main/core/secrets/secret-store.ts';
import { dispatchHostCall } from '../../src/shared/host-api/dispatch.ts';
import { newId } from '../../src/shared/ids.ts';
import { openConsole, type TestConsole } from '../support/console-fixture.ts';
import { engineNames } from '../support/server-engines.ts';
import { password, startTestServer, type TestServer, fixtureEvening } from '../support/server-fixture.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

const at = (minutes: number) => new Date(Date.parse('2026-11-23T09:00:00.000Z') + minutes * 60_000).toISOString();
const count = (console: TestConsole, table: string) =>
  (console.core.local.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A real cipher with a key only this test holds: what safeStorage does with the OS keychain's key. */
const aesEncryptor = (key: Buffer): Encryptor => ({
  encrypt: (plain) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  decrypt: (sealed) => {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  },
});

describe('secret stores', () => {
  it('the user-file store writes a file only its OS user can read', () => {
    const dir = makeTempDirectory();
    try {
      const store = createFileSecretStore({ directory: dir.path, description: 'test' });
      store.set('api.sessionToken', 'tok-123');
      const file = join(dir.path, 'secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(store.get('api.sessionToken')).toBe('tok-123');
      store.set('api.sessionToken', null);
      expect(store.get('api.sessionToken')).toBeNull();
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it('a sealed store keeps no clear text and is unreadable with another key', () => {
    const dir = makeTempDirectory();
    try {
      const store = createFileSecretStore({ directory: dir.path, encryptor: aesEncryptor(randomBytes(32)), description: 'test' });
      store.set('api.sessionToken', 'tok-segreto');
      const text = readFileSync(join(dir.path, 'secrets.sealed.json'), 'utf8');
      expect(text).not.toContain('tok-segreto');
      expect(store.get('api.sessionToken')).toBe('tok-segreto');
      const stranger = createFileSecretStore({ directory: dir.path, encryptor: aesEncryptor(randomBytes(32)), description: 'test' });
      expect(stranger.get('api.sessionToken')).toBeNull();
    } finally {
      dir.remove();
    }
  });
});

describe.each(engineNames)('a shared workstation (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
  });
  afterAll(async () => server.stop());

  it('keeps the API token out of the local database, in the secret store', async () => {
    const anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
    try {
      const settings = anna.core.local.sqlite.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
      expect(settings.some((row) => row.key === 'sync.session')).toBe(true);
      expect(JSON.stringify(settings)).not.toMatch(/"token"/);
      expect(anna.core.secrets.get('api.sessionToken')).toMatch(/^[\w-]{20,}$/);
      expect(readFileSync(anna.dataDirectory + '/presidio.sqlite').includes(Buffer.from(anna.core.secrets.get('api.sessionToken')!))).toBe(false);
    } finally {
      await anna.remove();
    }
  });

  it('moves a token stored by an older console into the secret store at start', async () => {
    const anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
    const token = anna.core.secrets.get('api.sessionToken')!;
    const sqlite = anna.core.local.sqlite;
    const session = JSON.parse((sqlite.prepare("SELECT value FROM settings WHERE key = 'sync.session'").get() as { value: string }).value) as object;
    sqlite.prepare("UPDATE settings SET value = ? WHERE key = 'sync.session'").run(JSON.stringify({ ...session, token }));
    anna.core.secrets.set('api.sessionToken', null);
    const before = anna.core.sync.status().revision;
    await anna.close();
    const reopened = createCore({ dataDirectory: anna.dataDirectory, host: 'browser', version: 'test' });
    try {
      // A renderer still open across the restart keeps taking the restarted core's statuses.
      expect(reopened.sync.status().revision).toBeGreaterThan(before);
      expect(reopened.secrets.get('api.sessionToken')).toBe(token);
      const stored = (reopened.local.sqlite.prepare("SELECT value FROM settings WHERE key = 'sync.session'").get() as { value: string }).value;
      expect(stored).not.toContain(token);
      expect(await reopened.sync.syncNow()).toMatchObject({ state: 'online', lastError: null });
    } finally {
      await reopened.close();
    }
  });

  it('refuses a clear-text API address off loopback, in Italian, before sending the password', async () => {
    const dir = makeTempDirectory();
    const core = createCore({ dataDirectory: dir.path, host: 'browser', version: 'test' });
    try {
      await expect(core.sync.login('http://presidio.example.it', 'anna@test.it', password)).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringMatching(/https:\/\//),
      });
    } finally {
      await core.close();
      dir.remove();
    }
  });

  it('logout leaves nothing of the first user readable, and the next user starts from the server', async () => {
    const dir = makeTempDirectory();
    const first = await openConsole({ serverUrl: server.url, email: 'anna@test.it', dataDirectory: dir.path });
    try {
      const ticketId = newId();
      const interventionId = newId();
      first.execute('ticket.create', { id: ticketId, number: `WS-${engine}`, customerId: server.customerId, channel: 'phone', subject: 'Cassa', description: '', priority: 'P2', blocking: false, openedAt: at(0) });
      first.execute('ticket.assign', { ticketId, assigneeId: server.users.anna });
      first.execute('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', startedAt: at(1) });
      // Unsent work is never thrown away by a logout.
      await expect(first.core.sync.logout()).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/sincronizza/) });
      await first.sync();
      // A running timer would keep billing the customer while its technician is gone.
      await expect(first.core.sync.logout()).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/in corso/) });
      first.execute('intervention.pause', { interventionId, at: at(9) });
      await first.sync();
      expect(count(first, 'tickets')).toBeGreaterThan(0);
      // What this user read, messages and calls are theirs too.
      await first.core.handlers['tickets.markRead']({ ticketId });
      expect(count(first, 'ticket_reads')).toBe(1);

      const out = await first.core.sync.logout();
      expect(out).toMatchObject({ state: 'signed_out', user: null, pending: 0, rejected: 0 });
      expect(first.core.secrets.get('api.sessionToken')).toBeNull();
      for (const table of ['tickets', 'interventions', 'timer_segments', 'customers', 'users', 'outbox', 'ticket_reads', 'ticket_messages', 'work_reports', 'calls']) expect(count(first, table)).toBe(0);
      expect(await dispatchHostCall(first.core.handlers, 'timer.active', {})).toEqual({ ok: true, value: [] });
      expect(await dispatchHostCall(first.core.handlers, 'tickets.list', { scope: 'all' })).toMatchObject({ ok: true, value: { total: 0 } });

      // Bruno signs in on the same workstation: he gets the server's data under his own identity.
      await first.core.sync.login(server.url, 'bruno@test.it', password);
      expect(first.core.sync.status()).toMatchObject({ state: 'online', user: { email: 'bruno@test.it' }, pending: 0 });
      expect(await dispatchHostCall(first.core.handlers, 'timer.active', {})).toEqual({ ok: true, value: [] });
      expect(count(first, 'tickets')).toBeGreaterThan(0);
    } finally {
      await first.close();
      dir.remove();
    }
  });

  it('a different user cannot sign in over another user’s unsent work, which stays for its owner', async () => {
    const dir = makeTempDirectory();
    let offline = false;
    const flakyFetch: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));
    const anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it', dataDirectory: dir.path, fetch: flakyFetch });
    try {
      const ticketId = newId();
      offline = true;
      anna.execute('ticket.create', { id: ticketId, number: `OWED-${engine}`, customerId: server.customerId, channel: 'phone', subject: 'In sospeso', description: '', priority: 'P3', blocking: false, openedAt: at(0) });
      expect(await anna.sync()).toMatchObject({ state: 'offline', pending: 1 });
      offline = false;
      await expect(anna.core.sync.login(server.url, 'bruno@test.it', password)).rejects.toMatchObject({ code: 'conflict' });
      expect(anna.core.sync.status()).toMatchObject({ user: { email: 'anna@test.it' }, pending: 1 });
      await anna.core.sync.login(server.url, 'anna@test.it', password);
      expect(anna.core.sync.status()).toMatchObject({ pending: 0, rejected: 0 });
      expect(await server.db.selectFrom('tickets').select('number').where('id', '=', ticketId).executeTakeFirst()).toEqual({ number: `OWED-${engine}` });
    } finally {
      await anna.close();
      dir.remove();
    }
  });
});
