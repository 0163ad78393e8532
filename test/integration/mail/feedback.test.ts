import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { closureMailPayloadSchema } from '../../../src/server/mail/mail-payloads.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

describe.each(engineNames)('feedback form (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let now = fixtureEvening();
  const page = async (method: 'GET' | 'POST', token: string, form?: Record<string, string>) => {
    const response = await fetch(`${server.url}/feedback/${token}`, {
      method,
      ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {}),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  /** Closes a new ticket and answers the token its closure mail carries. */
  const closeTicket = async (number: string) => {
    const ticketId = newId();
    await anna.push([
      anna.command('ticket.create', { id: ticketId, number, customerId: server.customerId, channel: 'phone', subject: 'Posta elettronica', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      anna.command('ticket.close', { ticketId, cause: 'vendor', resolution: 'Risolto', closedAt: at(10) }),
    ]);
    const row = await server.db.selectFrom('mail_outbox').select('payload_json').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    return { ticketId, token: closureMailPayloadSchema.parse(JSON.parse(row.payload_json!)).feedbackToken };
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    anna = await server.consoleFor('anna@test.it');
  });
  afterAll(async () => server.stop());

  it('opens without JavaScript, refuses an answer without a rating, records one answer and refuses the second politely', async () => {
    const { ticketId, token } = await closeTicket('FB-1');
    const form = await page('GET', token);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(form.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(form.text).not.toContain('<script');
    expect(form.text).toContain('FB-1');
    expect(form.text).toContain('name="rating"');

    const missing = await page('POST', token, { comment: 'Bene' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Scelga un voto da 1 a 5.');
    expect(missing.text).toContain('Bene</textarea>');

    const recorded = await page('POST', token, { rating: '5', comment: 'Gentilissimi <b>e</b> veloci' });
    expect(recorded.status).toBe(200);
    expect(recorded.text).toContain('Grazie!');
    const stored = await server.db.selectFrom('feedback_requests').selectAll().where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rating: 5, comment: 'Gentilissimi <b>e</b> veloci', submitted_at: now.toISOString() });

    const second = await page('POST', token, { rating: '1' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('già stata inviata');
    expect((await page('GET', token)).text).toContain('già stata inviata');
    expect((await server.db.selectFrom('feedback_requests').select('rating').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).rating).toBe(5);

    // The answer travels to the consoles like any synced row.
    const lead = await server.loginAs('lead@test.it');
    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, lead);
    const changes = pulled.body.value.changes as Array<{ entity: string; data: unknown }>;
    expect(changes.filter((change) => change.entity === 'feedback').map((change) => change.data)).toEqual([
      { id: stored.id, ticketId, rating: 5, comment: 'Gentilissimi <b>e</b> veloci', submittedAt: now.toISOString() },
    ]);
  });

  it('a link that is not ours, or the ticket id, leads nowhere; a link older than 30 days has expired', async () => {
    const { ticketId, token } = await closeTicket('FB-2');
    expect((await page('GET', ticketId)).status).toBe(404);
    expect((await page('GET', 'x'.repeat(32))).status).toBe(404);
    expect((await page('POST', 'x'.repeat(32), { rating: '3' })).status).toBe(404);
    const saved = now;
    now = new Date(now.getTime() + 30 * 24 * 3_600_000 + 1);
    const expired = await page('GET', token);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('scaduto');
    expect((await page('POST', token, { rating: '4' })).status).toBe(410);
    now = saved;
    expect((await page('GET', token)).status).toBe(200);
  });

  it('two submissions at the same moment record one answer', async () => {
    const { ticketId, token } = await closeTicket('FB-3');
    const answers = await Promise.all([1, 2, 3, 4].map((rating) => page('POST', token, { rating: String(rating) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409]);
    const stored = await server.db.selectFrom('feedback_requests').select('rating').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    expect(stored.rating).toBe(answers.findIndex((answer) => answer.status === 200) + 1);
  });
});
