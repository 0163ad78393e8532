import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { readMetricsToken } from '../../../src/server/ops/metrics-config.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

const scrapeToken = 'un-token-di-raccolta-lungo-abbastanza-2026';

/** `GET /metrics` (issue 27, item 2): Prometheus text, read from this machine or with the token. */
describe.each(engineNames)('metrics (%s)', (engine) => {
  let server: TestServer;
  const logLines: string[] = [];
  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/metrics`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const sample = (text: string, name: string, labels: string) => {
    const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { metricsToken: scrapeToken, logStream: { write: (line) => void logLines.push(line) } });
  });
  afterAll(async () => server.stop());

  it('names and labels what the person running the API watches; the latency histogram moves under load', async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['presidio_http_request_duration_seconds', 'presidio_mail_outbox', 'presidio_consoles', 'presidio_nodejs_eventloop_lag_seconds', 'presidio_sync_pushed_commands_total'])
      expect(before.text, name).toContain(`# TYPE ${name}`);
    if (engine === 'postgres') expect(before.text).toMatch(/presidio_db_pool_connections\{state="total"\} \d+/);
    const pushRoute = 'method="POST",route="/sync/push",status="200"';
    const countBefore = sample(before.text, 'presidio_http_request_duration_seconds_count', pushRoute) ?? 0;

    const anna = await server.consoleFor('anna@test.it');
    for (let round = 0; round < 5; round += 1) {
      const answer = await anna.push([anna.command('ticket.create', { id: newId(), number: `M-${round}`, customerId: server.customerId, channel: 'phone', subject: 'Metriche', description: '', priority: 'P3', blocking: false, openedAt: new Date().toISOString() })]);
      expect(answer.status).toBe(200);
    }
    await anna.push([anna.command('ticket.assign', { ticketId: newId(), assigneeId: null })]);
    await server.call('POST', '/sync/pull', { cursor: 0, limit: 100 }, anna.token);
    const after = await scrape();
    expect(sample(after.text, 'presidio_http_request_duration_seconds_count', pushRoute)).toBe(countBefore + 6);
    expect(sample(after.text, 'presidio_sync_pushed_commands_total', 'status="applied"')).toBeGreaterThanOrEqual(5);
    expect(sample(after.text, 'presidio_sync_rejected_commands_total', 'code="not_found"')).toBe(1);
    expect(sample(after.text, 'presidio_consoles', 'last_seen="within_hour"')).toBeGreaterThanOrEqual(1);
    expect(sample(after.text, 'presidio_mail_outbox', 'status="parked"')).toBe(0);
    // Routes by their pattern: a token in a path never becomes a label.
    const token = 'Fb7kQ2xYzT9wLmNp4RsV8aBcDeFgHiJk';
    await fetch(`${server.url}/feedback/${token}`);
    const labelled = await scrape();
    expect(labelled.text).toContain('route="/feedback/:token"');
    expect(labelled.text).not.toContain(token);
  });

  it('is read only from this machine without a proxy in between, or with the scrape token', async () => {
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer sbagliato' })).status).toBe(403);
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${scrapeToken}` })).status).toBe(200);
    expect(() => readMetricsToken('corto')).toThrow(/almeno 32 caratteri/);
    expect(readMetricsToken(undefined)).toBeNull();
  });

  it('every answer names its request, and an error answer carries the id the log lines have', async () => {
    const response = await fetch(`${server.url}/non-esiste`);
    const body = (await response.json()) as { error: { requestId: string } };
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    // …and the log lines of that request carry it.
    const lines = logLines.map((line) => JSON.parse(line) as { reqId?: string }).filter((line) => line.reqId === body.error.requestId);
    expect(lines.length).toBeGreaterThan(0);
  });
});
