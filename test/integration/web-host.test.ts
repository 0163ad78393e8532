import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { seedDemoData } from '../../src/main/core/seed/demo-seed.ts';
import { startWebHost, type WebHost } from '../../src/web-host/web-host.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

const data = makeTempDirectory();
const renderer = makeTempDirectory();
let core: Core;
let host: WebHost;

const rpc = (channel: string, body: string, token: string | null = host.token) =>
  fetch(`${host.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

beforeAll(async () => {
  writeFileSync(`${renderer.path}/index.html`, '<!doctype html><title>Presidio</title>');
  core = createCore({ dataDirectory: data.path, host: 'browser', version: 'test' });
  await seedDemoData(core.local.db, { tickets: 20 });
  host = await startWebHost({ core, rendererDirectory: renderer.path });
});
afterAll(async () => {
  await host.close();
  await core.close();
  data.remove();
  renderer.remove();
});

describe('browser host', () => {
  it('listens on loopback only and prints a URL carrying the token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses calls without the token or with a wrong one (401)', async () => {
    const missing = await rpc('tickets.list', '{}', null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await rpc('tickets.list', '{}', 'f'.repeat(64))).status).toBe(401);
    expect((await fetch(`${host.origin}/events`)).status).toBe(401);
  });

  it('answers a malformed argument with a typed envelope, not a 500', async () => {
    const wrongType = await rpc('tickets.get', '{"id": 42}');
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const brokenJson = await rpc('tickets.list', '{"limit": ');
    expect(brokenJson.status).toBe(400);
    expect(await brokenJson.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const unknown = await rpc('tickets.drop', '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('serves every contract channel', async () => {
    const list = await rpc('tickets.list', '{"limit": 5}');
    const body = (await list.json()) as { ok: true; value: { items: Array<{ id: string }>; total: number } };
    expect(body.ok).toBe(true);
    expect(body.value.total).toBe(20);
    const detail = await rpc('tickets.get', JSON.stringify({ id: body.value.items[0]!.id }));
    expect(detail.status).toBe(200);
    const info = await rpc('app.info', '{}');
    expect(await info.json()).toMatchObject({ ok: true, value: { host: 'browser' } });
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await fetch(`${host.origin}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toContain('root:');
  });

  it('pushes typed events over server-sent events', async () => {
    const controller = new AbortController();
    const ticket = await fetch(`${host.origin}/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } });
    const { value } = (await ticket.json()) as { value: { ticket: string } };
    const response = await fetch(`${host.origin}/events?ticket=${value.ticket}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value);
    const id = '0190f5a0-0000-7000-8000-000000000001';
    core.events.emit('tickets.changed', { ids: [id] });
    while (!text.includes('event: tickets.changed')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain(`"ids":["${id}"]`);
    controller.abort();
    // Single use: the same ticket opens nothing a second time, and the token itself is no ticket.
    expect((await fetch(`${host.origin}/events?ticket=${value.ticket}`)).status).toBe(401);
    expect((await fetch(`${host.origin}/events?token=${host.token}`)).status).toBe(401);
    expect((await fetch(`${host.origin}/events/ticket`, { method: 'POST' })).status).toBe(401);
  });
});
