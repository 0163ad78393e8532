import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closureMailPayloadSchema } from '../../../src/server/mail/mail-payloads.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

type Envelope = { ok: boolean; value?: any; error?: { code: string; message: string } };

/**
 * The customer-facing surfaces tried as an attacker would (issue: backdated warranty, CSV formulas,
 * login CSRF, NULs): every answer is a typed 4xx, identical on both engines, and nothing that must
 * be refused reaches a query, a session or the log.
 */
describe.each(engineNames)('customer-facing surfaces under attack (%s)', (engine) => {
  let server: TestServer;
  let lead: string;
  const log: string[] = [];
  const contactEmail = 'mario@rossi.test';
  const contactPassword = 'password-del-cliente';

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body }).then(async (response) => ({ status: response.status, setCookie: response.headers.get('set-cookie'), body: (await response.json().catch(() => ({}))) as Envelope }));
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers }).then(async (response) => ({ status: response.status, text: await response.text() }));
  const invite = async (email: string) => {
    expect((await server.call('POST', '/portal-admin/invite', { customerId: server.customerId, email, name: 'Mario Rossi' }, lead)).body.ok).toBe(true);
    const mail = await server.db.selectFrom('mail_outbox').select('body').where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    return /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(mail.body ?? '')?.[1] ?? '';
  };
  const portalSession = async () => {
    const signedIn = await post('/portal/api/login', JSON.stringify({ email: contactEmail, password: contactPassword }), { 'content-type': 'application/json' });
    expect(signedIn.status).toBe(200);
    return { cookie: signedIn.setCookie?.split(';')[0] ?? '', csrf: signedIn.body.value.csrfToken as string };
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening, logStream: { write: (line) => void log.push(line) } });
    lead = await server.loginAs('lead@test.it');
    const token = await invite(contactEmail);
    expect((await post('/portal/api/invite/accept', JSON.stringify({ token, password: contactPassword }), { 'content-type': 'application/json' })).status).toBe(200);
  });
  afterAll(async () => server.stop());

  it('a cross-site HTML form cannot sign a browser in (portal, staff) nor accept an invite: no form parser there, foreign and opaque Origins refused', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const credentials = `email=${encodeURIComponent(contactEmail)}&password=${contactPassword}`;
    // A plain form posts url-encoded fields: no route but the feedback page reads them.
    for (const origin of [undefined, 'https://attacker.example', 'null']) {
      const answer = await post('/portal/api/login', credentials, { ...form, ...(origin ? { origin } : {}) });
      expect(answer.status, `form from ${origin}`).toBeGreaterThanOrEqual(400);
      expect(answer.setCookie).toBeNull();
    }
    // A script of another site (or a sandboxed frame) sending JSON is refused by its Origin.
    const json = { 'content-type': 'application/json' };
    for (const origin of ['https://attacker.example', 'null', 'not a url', 'file://', `${server.url}.attacker.example`]) {
      const portal = await post('/portal/api/login', JSON.stringify({ email: contactEmail, password: contactPassword }), { ...json, origin });
      expect(portal.status, `portal login from ${origin}`).toBe(403);
      expect(portal.setCookie).toBeNull();
      expect((await post('/auth/login', JSON.stringify({ email: 'anna@test.it', password: 'una-password-lunga' }), { ...json, origin })).status, `staff login from ${origin}`).toBe(403);
      expect((await post('/portal/api/invite/accept', JSON.stringify({ token: 'x'.repeat(43), password: contactPassword }), { ...json, origin })).status).toBe(403);
    }
    // Its own pages (same Origin) and programs (no Origin) still sign in.
    expect((await post('/portal/api/login', JSON.stringify({ email: contactEmail, password: contactPassword }), { ...json, origin: server.url })).status).toBe(200);
    expect((await post('/auth/login', JSON.stringify({ email: 'anna@test.it', password: 'una-password-lunga' }), json)).status).toBe(200);
  });

  it('an opaque or unreadable Origin on a portal change is a 403, never a 500', async () => {
    const { cookie, csrf } = await portalSession();
    for (const origin of ['null', '::::', 'http://[bad']) {
      const answer = await post('/portal/api/requests', JSON.stringify({ subject: 'Stampante', description: '' }), { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, origin });
      expect(answer.status, origin).toBe(403);
      expect(answer.body.error?.code).toBe('forbidden');
    }
  });

  it('the feedback form still posts from its own page', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const ticketId = newId();
    await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'F-1', customerId: server.customerId, channel: 'phone', subject: 'Rete', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T09:00:00.000Z' }),
      anna.command('ticket.close', { ticketId, cause: 'vendor', resolution: 'Risolto', closedAt: '2026-11-23T09:10:00.000Z' }),
    ]);
    const row = await server.db.selectFrom('mail_outbox').select('payload_json').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    const token = closureMailPayloadSchema.parse(JSON.parse(row.payload_json!)).feedbackToken;
    const form = await fetch(`${server.url}/feedback/${token}`);
    expect(form.status).toBe(200);
    // A browser posts the form with our Origin (under `no-referrer` it would send `Origin: null`), and no Referer elsewhere.
    expect(form.headers.get('referrer-policy')).toBe('same-origin');
    const answer = await fetch(`${server.url}/feedback/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: 'rating=5&comment=Bene' });
    expect(answer.status).toBe(200);
    const foreign = await fetch(`${server.url}/feedback/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' }, body: 'rating=1' });
    expect(foreign.status).toBe(403);
    // The one-use token in the path never reaches the request log.
    const lines = log.join('');
    expect(lines).toContain('/feedback/[redatto]');
    expect(lines).not.toContain(token);
  });

  it('a NUL or a control character in a sign-in, a route parameter, a J2K id or a statement code is the same 400 on both engines', async () => {
    const json = { 'content-type': 'application/json' };
    const portal = await post('/portal/api/login', JSON.stringify({ email: 'mario\u0000@rossi.test', password: 'x' }), json);
    expect(portal.status).toBe(400);
    expect(portal.body.error?.code).toBe('invalid_argument');
    expect((await post('/auth/login', JSON.stringify({ email: 'anna\u0000@test.it', password: 'x' }), json)).status).toBe(400);
    const { cookie } = await portalSession();
    expect((await get('/portal/api/tickets/%00', { cookie })).status).toBe(400);
    // Ids are UUIDs: anything else is no ticket of theirs, answered before any query.
    expect((await get('/portal/api/tickets/not-a-uuid', { cookie })).status).toBe(404);
    expect((await get(`/portal/api/tickets/${newId()}`, { cookie })).status).toBe(404);
    expect((await get('/portal/api/statements/2026-11%00', { cookie })).status).toBe(400);
    expect((await get('/reports/statements/2026-11/C%00.pdf', { authorization: `Bearer ${lead}` })).status).toBe(400);
    expect((await get('/reports/statements/2026-11.csv?x=%01', { authorization: `Bearer ${lead}` })).status).toBe(400);
    const issued = await server.call('POST', '/intake/keys/issue', { customerId: server.customerId, label: 'Cassa' }, lead);
    const key = issued.body.value.key as string;
    const j2k = await post('/intake/j2k', JSON.stringify({ requestId: 'R\u0000-1', subject: 'Prova' }), { ...json, authorization: `Bearer ${key}` });
    expect(j2k.status).toBe(400);
    expect((await post('/intake/j2k', JSON.stringify({ requestId: 'R-1', subject: 'Prova\u0007' }), { ...json, authorization: `Bearer ${key}` })).status).toBe(400);
  });

  it('one password rule: twelve blanks, one repeated character, the e-mail or a well-known password are refused at invite acceptance', async () => {
    const email = 'luisa@rossi.test';
    const token = await invite(email);
    const accept = (password: string) => post('/portal/api/invite/accept', JSON.stringify({ token, password }), { 'content-type': 'application/json' });
    for (const password of [' '.repeat(12), 'a'.repeat(14), `  corta  `, email, 'Password1234', '   abcdefghijk   ']) {
      const answer = await accept(password);
      expect(answer.status, JSON.stringify(password)).toBe(400);
      expect(answer.body.error?.message).toMatch(/password/i);
    }
    // The invite was not spent by the refusals.
    expect((await accept('una frase lunga e mia')).status).toBe(200);
  });

  it('a portal request may use its documented 5,000 characters: the signature line is added on top', async () => {
    const { cookie, csrf } = await portalSession();
    const description = 'x'.repeat(5000);
    const answer = await post('/portal/api/requests', JSON.stringify({ subject: 'Tutto il testo', description, blocking: false }), { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, origin: server.url });
    expect(answer.status).toBe(200);
    const stored = await server.db.selectFrom('tickets').select('description').where('id', '=', answer.body.value.ticketId).executeTakeFirstOrThrow();
    expect(stored.description.startsWith(description)).toBe(true);
    expect(stored.description).toContain(`Richiesta dal portale di Mario Rossi (${contactEmail})`);
    const tooLong = await post('/portal/api/requests', JSON.stringify({ subject: 'Troppo', description: `${description}y` }), { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf });
    expect(tooLong.status).toBe(400);
  });

  it('a body over the limit answers 413 in words; a form where JSON is expected answers 415', async () => {
    const big = await post('/sync/push', 'x'.repeat(9 * 1024 * 1024), { 'content-type': 'application/json' });
    expect(big.status).toBe(413);
    expect(big.body.error?.message).toBe('Richiesta troppo grande.');
    const form = await post('/auth/login', 'email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body.error?.message).toContain('JSON');
  });

  it('a parallel burst of wrong J2K keys from one address: at most the limit reach the key check', async () => {
    await server.db.deleteFrom('login_failures').execute();
    const wrong = () => post('/intake/j2k', JSON.stringify({ requestId: 'B-1', subject: 'Prova' }), { 'content-type': 'application/json', authorization: `Bearer j2k_${'y'.repeat(43)}` });
    const answers = await Promise.all(Array.from({ length: 40 }, wrong));
    const checked = answers.filter((answer) => answer.status === 401).length;
    expect(checked).toBeLessThanOrEqual(20);
    expect(checked + answers.filter((answer) => answer.status === 429).length).toBe(40);
  });
});
