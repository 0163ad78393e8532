import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.ts';
import { defaultAllowedHosts, isHostAllowed, parseAllowedHosts, parseTrustProxy } from '../../../src/server/http/proxy-config.ts';
import { spawnServerProcess } from '../../support/server-process.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';
import { engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer } from '../../support/server-fixture.ts';

/** A password check slow enough (tens of ms) that parallel guesses really overlap it. */
const slowPolicy = { ...testAuthPolicy, maxFailuresPerAddress: 1000, passwordCost: { N: 2 ** 15, r: 8, p: 1 } };

/** `/health` asked on loopback with a Host header of the test's choosing (fetch cannot set Host). */
const healthWithHost = (port: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path: '/health', headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    call.on('error', reject);
    call.end();
  });

const captureLogs = () => {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
};

describe.each(engineNames)('central API hardening (%s)', (engine) => {
  it('50 parallel wrong guesses reach the password check at most the allowed number of times; the right password is then refused', async () => {
    const server = await startTestServer(engine, { authPolicy: slowPolicy });
    // A second API process over the same database: the limit holds across processes.
    const other = buildServer({ database: server.database.server, authPolicy: slowPolicy, logLevel: 'silent' });
    const otherUrl = await other.listen({ host: '127.0.0.1', port: 0 });
    try {
      const guesses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${i % 2 === 0 ? server.url : otherUrl}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'anna@test.it', password: `sbagliata-${i}` }),
          }).then((response) => response.status),
        ),
      );
      const checked = guesses.filter((status) => status === 401).length;
      expect(checked).toBeGreaterThan(0);
      expect(checked).toBeLessThanOrEqual(slowPolicy.maxFailuresPerUser);
      expect(guesses.filter((status) => status === 429)).toHaveLength(50 - checked);
      const right = await server.call('POST', '/auth/login', { email: 'anna@test.it', password });
      expect(right.status).toBe(429);
      expect(right.body.error?.code).toBe('rate_limited');
      // Another account is not locked by Anna's.
      expect((await server.call('POST', '/auth/login', { email: 'bruno@test.it', password })).status).toBe(200);
    } finally {
      await other.close();
      await server.stop();
    }
  });

  it('behind a trusted proxy, limits follow the real client: one noisy client locks only itself', async () => {
    const server = await startTestServer(engine, { trustProxy: ['127.0.0.1'], authPolicy: { ...testAuthPolicy, maxFailuresPerAddress: 5, maxFailuresPerUser: 100 } });
    try {
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let i = 0; i < 5; i++) {
        expect((await server.call('POST', '/auth/login', { email: `nessuno${i}@test.it`, password }, undefined, from('203.0.113.7'))).status).toBe(401);
      }
      expect((await server.call('POST', '/auth/login', { email: 'anna@test.it', password }, undefined, from('203.0.113.7'))).status).toBe(429);
      // Everyone else behind the same proxy still logs in.
      expect((await server.call('POST', '/auth/login', { email: 'anna@test.it', password }, undefined, from('198.51.100.20'))).status).toBe(200);
      expect((await server.call('POST', '/auth/login', { email: 'bruno@test.it', password }, undefined, from('198.51.100.21'))).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('without a trusted proxy, a forged X-Forwarded-For does not escape the per-address limit', async () => {
    const server = await startTestServer(engine, { authPolicy: { ...testAuthPolicy, maxFailuresPerAddress: 3, maxFailuresPerUser: 100 } });
    try {
      for (let i = 0; i < 3; i++) {
        await server.call('POST', '/auth/login', { email: `x${i}@test.it`, password }, undefined, { 'x-forwarded-for': `192.0.2.${i}` });
      }
      const next = await server.call('POST', '/auth/login', { email: 'anna@test.it', password }, undefined, { 'x-forwarded-for': '192.0.2.99' });
      expect(next.status).toBe(429);
    } finally {
      await server.stop();
    }
  });

  it('logs failed and throttled logins without the password', async () => {
    const logs = captureLogs();
    const server = await startTestServer(engine, { logStream: logs.stream, authPolicy: { ...testAuthPolicy, maxFailuresPerUser: 1 } });
    try {
      await server.call('POST', '/auth/login', { email: 'anna@test.it', password: 'segreto-sbagliato-1' });
      await server.call('POST', '/auth/login', { email: 'anna@test.it', password: 'segreto-sbagliato-2' });
      const events = logs.lines.filter((line) => typeof line['event'] === 'string').map((line) => ({ event: line['event'], email: line['email'] }));
      expect(events).toEqual([
        { event: 'login.failed', email: 'anna@test.it' },
        { event: 'login.throttled', email: 'anna@test.it' },
      ]);
      expect(JSON.stringify(logs.lines)).not.toContain('segreto-sbagliato');
    } finally {
      await server.stop();
    }
  });

  it('sends security headers and never lets an auth answer be cached', async () => {
    const server = await startTestServer(engine);
    try {
      const response = await fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'anna@test.it', password }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await fetch(`${server.url}/health`)).headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.stop();
    }
  });

  it('answers a deeply nested body with a typed 400 that reveals nothing internal', async () => {
    const server = await startTestServer(engine);
    try {
      const token = await server.loginAs('anna@test.it');
      const deep = `{"clientId":"0190f5a0-0000-7000-8000-000000000001","commands":[{"mutationId":1,"name":"ticket.update","issuedAt":"2026-11-30T09:00:00Z","args":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
      const response = await fetch(`${server.url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: deep });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_argument');
      expect(body.error.message).not.toMatch(/stack|Maximum|RangeError|nesting/i);
      expect((await server.call('GET', '/health')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('with an allow-list, answers 421 to any other Host (DNS rebinding)', async () => {
    const server = await startTestServer(engine, { allowedHosts: ['presidio.example.it', '127.0.0.1'] });
    try {
      const port = new URL(server.url).port;
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const statusWithHost = (host: string) => healthWithHost(port, host);
      expect(await statusWithHost('attacker.example')).toBe(421);
      expect(await statusWithHost('presidio.example.it')).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('the API started with a public address', () => {
  it('answers only that address and loopback when no allow-list is set (421 otherwise)', async () => {
    const folder = makeTempDirectory('presidio-public-');
    const server = await spawnServerProcess({ dataDirectory: folder.path, env: { PRESIDIO_PUBLIC_URL: 'https://assistenza.example.it', PRESIDIO_ALLOWED_HOSTS: '' } });
    try {
      const { port } = new URL(server.url);
      const statusWithHost = (host: string) => healthWithHost(port, host);
      expect(await statusWithHost('attacker.example')).toBe(421);
      expect(await statusWithHost(`attacker.example:${port}`)).toBe(421);
      expect(await statusWithHost('assistenza.example.it')).toBe(200);
      expect(await statusWithHost(`127.0.0.1:${port}`)).toBe(200);
      expect(await statusWithHost(`localhost:${port}`)).toBe(200);
    } finally {
      await server.kill();
      folder.remove();
    }
  }, 60_000);
});

describe('proxy and host settings', () => {
  it('defaults the Host allow-list to the public address and loopback', () => {
    expect(defaultAllowedHosts(undefined)).toBeNull();
    expect(defaultAllowedHosts('  ')).toBeNull();
    const allowed = defaultAllowedHosts('https://Assistenza.example.it:8443/');
    expect(isHostAllowed('assistenza.example.it:8443', allowed)).toBe(true);
    expect(isHostAllowed('assistenza.example.it', allowed)).toBe(false);
    expect(isHostAllowed('127.0.0.1:5190', allowed)).toBe(true);
    expect(isHostAllowed('evil.example', allowed)).toBe(false);
  });

  it('parses PRESIDIO_TRUST_PROXY and refuses to trust every hop', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy(' ')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16')).toEqual(['10.0.0.1', '10.1.0.0/16']);
    expect(() => parseTrustProxy('true')).toThrow(/non è ammesso/);
    expect(() => parseTrustProxy('proxy.local')).toThrow(/non è un indirizzo/);
  });

  it('matches Host against the allow-list with or without port', () => {
    const allowed = parseAllowedHosts('Presidio.example.it, 127.0.0.1:5190');
    expect(isHostAllowed('presidio.example.it:443', allowed)).toBe(true);
    expect(isHostAllowed('127.0.0.1:5190', allowed)).toBe(true);
    expect(isHostAllowed('127.0.0.1:5191', allowed)).toBe(false);
    expect(isHostAllowed(undefined, allowed)).toBe(false);
    expect(isHostAllowed('anything', parseAllowedHosts(''))).toBe(true);
  });
});
