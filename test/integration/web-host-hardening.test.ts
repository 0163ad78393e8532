import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { startWebHost, type WebHost } from '../../src/web-host/web-host.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

const data = makeTempDirectory();
const renderer = makeTempDirectory();
let core: Core;
let host: WebHost;
let port: number;

/** Sends raw bytes and returns whatever comes back before the server closes or goes quiet. */
const raw = (bytes: string | Buffer, quietMs = 400): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer = setTimeout(() => socket.destroy(), quietMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(bytes);
  });

const statusOf = (answer: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);

const request = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;
const hostHeader = () => `Host: 127.0.0.1:${port}`;

const stillAnswers = async () => {
  const info = await fetch(`${host.origin}/rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: '{}' });
  expect(info.status).toBe(200);
};

beforeAll(async () => {
  writeFileSync(`${renderer.path}/index.html`, '<!doctype html><title>Presidio</title>');
  core = createCore({ dataDirectory: data.path, host: 'browser', version: 'test' });
  host = await startWebHost({ core, rendererDirectory: renderer.path });
  port = Number(new URL(host.origin).port);
});
afterAll(async () => {
  await host.close();
  await core.close();
  data.remove();
  renderer.remove();
});

describe('browser host under malformed and hostile requests', () => {
  const auth = () => `Authorization: Bearer ${host.token}`;
  const corpus = (): Array<[string, string | Buffer]> => [
    ['bad percent-escape in a path', request([`GET /%E0%A4%A HTTP/1.1`, hostHeader()])],
    ['bad percent-escape in an RPC channel', request([`POST /rpc/%ZZ%E0 HTTP/1.1`, hostHeader(), auth(), 'Content-Length: 2'], '{}')],
    ['lone percent', request([`GET /% HTTP/1.1`, hostHeader()])],
    ['absolute-form target with a bad URL', request([`GET http://[::1 HTTP/1.1`, hostHeader()])],
    ['asterisk target', request([`OPTIONS * HTTP/1.1`, hostHeader()])],
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['binary junk', Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])],
    ['header without colon', request([`GET / HTTP/1.1`, hostHeader(), 'broken header'])],
    ['bad content-length', request([`POST /rpc/app.info HTTP/1.1`, hostHeader(), auth(), 'Content-Length: abc'], '{}')],
    ['two content-lengths', request([`POST /rpc/app.info HTTP/1.1`, hostHeader(), auth(), 'Content-Length: 2', 'Content-Length: 5'], '{}')],
    ['chunked body that never ends', request([`POST /rpc/app.info HTTP/1.1`, hostHeader(), auth(), 'Transfer-Encoding: chunked'], 'zz\r\n')],
    ['truncated JSON', request([`POST /rpc/tickets.list HTTP/1.1`, hostHeader(), auth(), 'Content-Length: 9'], '{"limit":')],
    ['deep nesting', request([`POST /rpc/tickets.list HTTP/1.1`, hostHeader(), auth(), `Content-Length: ${200_000}`], '['.repeat(200_000))],
    ['wrong method on RPC', request([`PUT /rpc/app.info HTTP/1.1`, hostHeader(), auth(), 'Content-Length: 2'], '{}')],
    ['wrong method on static', request([`DELETE /index.html HTTP/1.1`, hostHeader()])],
    ['wrong method on events', request([`POST /events HTTP/1.1`, hostHeader(), 'Content-Length: 0'])],
    ['NUL in path', request([`GET /%00 HTTP/1.1`, hostHeader()])],
    ['huge header', request([`GET / HTTP/1.1`, hostHeader(), `X-Big: ${'a'.repeat(100_000)}`])],
    ['HTTP/0.9 style', 'GET /\r\n'],
    ['unknown HTTP version', request([`GET / HTTP/9.9`, hostHeader()])],
  ];

  it('answers every malformed request with a 4xx (or closes) and keeps running', async () => {
    for (const [name, bytes] of corpus()) {
      const answer = await raw(bytes);
      const status = statusOf(answer);
      // No answer at all is acceptable only when the parser closed the connection; never a 5xx.
      expect(status === 0 || (status >= 400 && status < 500), `${name}: ${answer.slice(0, 80)}`).toBe(true);
      await stillAnswers();
    }
  });

  it('answers random byte soup without dying', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'GET POST /rpc/ % %% %E0 \r\n : Host Content-Length 0123456789 {}[]" ?#&=\u0000\u00ff';
    for (let round = 0; round < 60; round++) {
      let text = round % 2 === 0 ? `POST /rpc/app.info HTTP/1.1\r\n${hostHeader()}\r\n` : '';
      const length = Math.floor(random() * 300);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const status = statusOf(await raw(Buffer.from(text, 'latin1'), 150));
      expect(status === 0 || status < 500).toBe(true);
    }
    await stillAnswers();
  });

  it('answers 413 to a body over the limit instead of resetting the connection', async () => {
    const big = 'x'.repeat(1_200_000);
    const declared = await fetch(`${host.origin}/rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const chunked = await raw(request([`POST /rpc/app.info HTTP/1.1`, hostHeader(), auth(), 'Transfer-Encoding: chunked'], `${(1_200_000).toString(16)}\r\n${big}\r\n0\r\n\r\n`), 1000);
    expect(statusOf(chunked)).toBe(413);
    await stillAnswers();
  });

  it('answers 413 to an over-limit body that arrives slowly, declared or chunked, and the client reads it', async () => {
    const paced = (declared: boolean) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(answer));
        const size = 1_500_000;
        socket.write(request([`POST /rpc/app.info HTTP/1.1`, hostHeader(), auth(), declared ? `Content-Length: ${size}` : 'Transfer-Encoding: chunked']));
        let sent = 0;
        const step = () => {
          if (socket.destroyed || sent >= size) {
            if (!declared && !socket.destroyed) socket.write('0\r\n\r\n');
            return;
          }
          const chunk = 'x'.repeat(200_000);
          socket.write(declared ? chunk : `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
          sent += chunk.length;
          setTimeout(step, 15);
        };
        step();
      });
    expect(statusOf(await paced(true))).toBe(413);
    expect(statusOf(await paced(false))).toBe(413);
    await stillAnswers();
  });

  it('refuses a deeply nested body with a typed 400 that says nothing internal', async () => {
    const response = await fetch(`${host.origin}/rpc/commands.execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: `{"name":"ticket.update","args":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).not.toMatch(/stack|Maximum|RangeError/i);
  });

  it('answers only to its own loopback Host (DNS rebinding) with 421', async () => {
    const rebound = await raw(request([`POST /rpc/app.info HTTP/1.1`, 'Host: attacker.example:80', auth(), 'Content-Length: 2'], '{}'));
    expect(statusOf(rebound)).toBe(421);
    expect(statusOf(await raw(request([`GET / HTTP/1.1`, `Host: evil.test:${port}`])))).toBe(421);
    // Without any Host, Node's parser already answers 400.
    expect(statusOf(await raw(request([`GET / HTTP/1.1`])))).toBe(400);
    expect(statusOf(await raw(request([`GET / HTTP/1.1`, `Host: localhost:${port}`])))).toBe(200);
  });

  it('refuses RPC and events from a foreign Origin or a cross-site fetch, even with the token', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(`${host.origin}/rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, ...headers }, body: '{}' });
    expect((await call({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await call({ origin: 'null' })).status).toBe(403);
    expect((await call({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call({ origin: host.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const ticket = await fetch(`${host.origin}/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, origin: 'https://evil.example' } });
    expect(ticket.status).toBe(403);
  });

  it('forbids framing the console', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});
