import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { intakeActorId } from '../../../src/server/intake/intake-actor.ts';

describe.each(engineNames)('J2K intake (%s)', (engine) => {
  let server: TestServer;
  let lead: string;
  let anna: string;
  const j2k = (key: string, body: unknown) =>
    fetch(`${server.url}/intake/j2k`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { ok: boolean; value?: { ticketId: string; number: string; created: boolean; reminder: string }; error?: { code: string; message: string } },
    }));
  const issue = async (label: string) => {
    const answer = await server.call('POST', '/intake/keys/issue', { customerId: server.customerId, label }, lead);
    expect(answer.body.ok).toBe(true);
    return answer.body.value as { id: string; key: string };
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    lead = await server.loginAs('lead@test.it');
    anna = await server.loginAs('anna@test.it');
  });
  afterAll(async () => server.stop());

  it('only leads issue keys; a key is shown once and only its hash is kept', async () => {
    expect((await server.call('POST', '/intake/keys/issue', { customerId: server.customerId, label: 'Cassa 1' }, anna)).body.error?.code).toBe('forbidden');
    const { id, key } = await issue('Server del negozio');
    expect(key).toMatch(/^j2k_[A-Za-z0-9_-]{43}$/);
    const stored = await server.db.selectFrom('intake_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    const listed = await server.call('POST', '/intake/keys', { customerId: server.customerId }, lead);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.value.keys.map((item: { label: string }) => item.label)).toContain('Server del negozio');
  });

  it('opens a J2K ticket for the key’s customer, once per request id (also when the same request races), and the consoles get it', async () => {
    const { key } = await issue('Gestionale J2K');
    const request = { requestId: 'J2K-2026-000123', subject: 'Errore di stampa fattura elettronica', description: 'Codice 0x17', priority: 'P2', blocking: true };
    const first = await j2k(key, request);
    expect(first.status).toBe(200);
    expect(first.body.value).toMatchObject({ created: true, number: expect.stringMatching(/^J-261123-/) });
    // The acknowledgement carries the guidelines' reminder, for J2K to show its user.
    expect(first.body.value).toMatchObject({ reminder: expect.stringContaining('copia di sicurezza di programmi e archivi') });
    const again = await j2k(key, request);
    expect(again.body.value).toEqual({ ...first.body.value, created: false });
    const racing = await Promise.all(Array.from({ length: 6 }, () => j2k(key, { ...request, requestId: 'J2K-2026-000124' })));
    expect(racing.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(racing.map((answer) => answer.body.value?.ticketId)).size).toBe(1);
    expect(racing.filter((answer) => answer.body.value?.created)).toHaveLength(1);
    const tickets = await server.db.selectFrom('tickets').select(['id', 'channel', 'customer_id', 'priority', 'blocking', 'created_by', 'status']).where('channel', '=', 'j2k').execute();
    expect(tickets).toHaveLength(2);
    expect(tickets.find((ticket) => ticket.id === first.body.value!.ticketId)).toMatchObject({ customer_id: server.customerId, priority: 'P2', blocking: 1, created_by: intakeActorId, status: 'open' });

    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna);
    const changes = pulled.body.value.changes as Array<{ entity: string; id: string; data: { channel?: string } }>;
    expect(changes.find((change) => change.entity === 'ticket' && change.id === first.body.value!.ticketId)?.data.channel).toBe('j2k');
    // The account that opens them is never sent to the consoles.
    expect(changes.some((change) => change.entity === 'user' && change.id === intakeActorId)).toBe(false);
  });

  it('refuses a revoked, unknown or missing key and bad requests in words; throttles an address that keeps guessing', async () => {
    const { id, key } = await issue('Vecchia installazione');
    expect((await j2k(key, { requestId: 'R-1', subject: 'Prova' })).status).toBe(200);
    const revoked = await server.call('POST', '/intake/keys/revoke', { id }, lead);
    expect(revoked.body.value.revokedAt).not.toBeNull();
    expect((await server.call('POST', '/intake/keys/revoke', { id }, lead)).body.error?.code).toBe('conflict');
    const refused = await j2k(key, { requestId: 'R-2', subject: 'Prova' });
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toContain('revocata');
    const { key: good } = await issue('Nuova installazione');
    const invalid = await j2k(good, { requestId: 'R-3', subject: '', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.code).toBe('invalid_argument');
    const audit = await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('created_at').execute();
    expect(audit.map((row) => row.action)).toEqual(['intake.keyIssued', 'intake.keyRevoked']);
    // Guessing keys: after 20 wrong ones the address is throttled, even with a right key.
    for (let n = 0; n < 19; n++) expect((await j2k(`j2k_${'x'.repeat(43)}`, { requestId: 'X', subject: 'x' })).status).toBe(401);
    expect((await j2k(good, { requestId: 'R-4', subject: 'Ancora' })).status).toBe(429);
  });
});
