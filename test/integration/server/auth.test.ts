import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendedPasswordCost } from '../../../src/server/auth/password.ts';
import { engineNames } from '../../support/server-engines.ts';
import { password, startTestServer, type TestServer } from '../../support/server-fixture.ts';

describe.each(engineNames)('authentication (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server.stop());

  it('reports health and its engine', async () => {
    const health = await server.call('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true, value: { status: 'ok', engine } } });
  });

  it('logs in, answers /auth/me and logs out', async () => {
    const login = await server.call('POST', '/auth/login', { email: 'ANNA@test.it ', password });
    expect(login.status).toBe(200);
    const token = login.body.value.token as string;
    expect(login.body.value.user).toMatchObject({ email: 'anna@test.it', role: 'technician' });
    expect((await server.call('GET', '/auth/me', undefined, token)).body.value).toMatchObject({ id: server.users.anna });
    expect((await server.call('POST', '/auth/logout', {}, token)).status).toBe(200);
    expect((await server.call('GET', '/auth/me', undefined, token)).status).toBe(401);
  });

  it('stores only a hash of session tokens and of passwords', async () => {
    const token = await server.loginAs('bruno@test.it');
    const sessions = await server.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.some((row) => row.token_hash === token)).toBe(false);
    const user = await server.db.selectFrom('users').select('password_hash').where('email', '=', 'bruno@test.it').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.password_hash).not.toContain(password);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await server.call('POST', '/auth/login', { email: 'nessuno@test.it', password });
    const wrong = await server.call('POST', '/auth/login', { email: 'lead@test.it', password: 'sbagliata' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    // The same words; only the request's own id (for the logs) differs.
    const withoutRequestId = (body: typeof unknown.body) => ({ ...body, error: { ...body.error, requestId: undefined } });
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
    expect(unknown.body.error).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('rate-limits repeated failures per user, even with the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await server.call('POST', '/auth/login', { email: 'bruno@test.it', password: `x${i}` })).status).toBe(401);
    }
    const limited = await server.call('POST', '/auth/login', { email: 'bruno@test.it', password });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('rate_limited');
  });

  it('refuses requests without a valid token and malformed bodies with envelopes', async () => {
    expect((await server.call('POST', '/sync/pull', {})).status).toBe(401);
    expect((await server.call('POST', '/sync/pull', {}, 'made-up-token')).status).toBe(401);
    const extra = await server.call('POST', '/auth/login', { email: 'anna@test.it', password, role: 'admin' });
    expect(extra.status).toBe(400);
    const response = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});

describe.each(engineNames)('session expiry (%s)', (engine) => {
  it('a session stops working after 30 days', async () => {
    let now = new Date('2026-11-23T09:00:00Z');
    const server = await startTestServer(engine, { clock: () => now });
    try {
      const token = await server.loginAs('anna@test.it');
      now = new Date('2026-12-22T09:00:00Z');
      expect((await server.call('GET', '/auth/me', undefined, token)).status).toBe(200);
      now = new Date('2026-12-23T09:00:01Z');
      const expired = await server.call('GET', '/auth/me', undefined, token);
      expect(expired.status).toBe(401);
      expect(expired.body.error?.message).toMatch(/Sessione scaduta/);
    } finally {
      await server.stop();
    }
  });
});

describe('password hashing defaults', () => {
  it('uses the current OWASP scrypt recommendation', () => {
    expect(recommendedPasswordCost).toEqual({ N: 2 ** 17, r: 8, p: 1 });
  });
});
