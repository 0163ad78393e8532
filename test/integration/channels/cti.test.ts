import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCtiKey } from '../../../src/server/channels/cti.service.ts';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { newId } from '../../../src/shared/ids.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer, type TestServer } from '../../support/server-fixture.ts';

describe.each(engineNames)('who is calling: the PBX’s call events (%s)', (engine) => {
  let server: TestServer;
  let console_: TestConsole;
  let key = '';
  const event = (body: Record<string, unknown>, token = key) =>
    fetch(`${server.url}/cti/calls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { ok: boolean; value?: { callId: string; state: string; customerId: string | null }; error?: { code: string; message: string } },
    }));

  beforeAll(async () => {
    server = await startTestServer(engine, { weekendLine: '+390452525658' });
    await server.db.updateTable('customers').set({ phone: '045 4684131' }).where('id', '=', server.customerId).execute();
    key = (await issueCtiKey(server.db, null, 'Centralino', new Date())).key;
    console_ = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
    const anna = await server.consoleFor('anna@test.it');
    await anna.push([anna.command('ticket.create', { id: newId(), number: 'TEL-1', customerId: server.customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: new Date(Date.now() - 3_600_000).toISOString() })]);
  });
  afterAll(async () => {
    await console_?.remove();
    await server?.stop();
  });

  it('a ringing call shows the caller’s customer, coverage and open requests on every console; answered and ended, it is logged with its duration', async () => {
    const callId = `pbx-${newId()}`;
    const rang = new Date(Date.now() - 90_000).toISOString();
    const ring = await event({ callId, event: 'ring', from: '+39 045 468 4131', to: '045 1234567', at: rang });
    expect(ring.body.value).toMatchObject({ state: 'ringing', customerId: server.customerId });
    expect((await event({ callId, event: 'ring', from: '+39 045 468 4131', at: rang })).body.value?.callId).toBe(ring.body.value?.callId);
    await console_.sync();
    const shown = await console_.core.handlers['calls.current']({});
    expect(shown.calls).toEqual([
      { id: ring.body.value!.callId, fromNumber: '+390454684131', line: 'main', state: 'ringing', rangAt: rang, customer: { id: server.customerId, code: 'C1', name: 'Ferramenta Rossi', coverage: { standard: false, extended: false, warranty: false } }, openTickets: [expect.objectContaining({ number: 'TEL-1' })] },
    ]);
    await event({ callId, event: 'answer', from: '+39 045 468 4131', agent: 'Anna@Test.it', at: new Date(Date.now() - 60_000).toISOString() });
    await event({ callId, event: 'hangup', from: '+39 045 468 4131', at: new Date(Date.now() - 15_000).toISOString() });
    await event({ callId, event: 'hangup', from: '+39 045 468 4131', at: new Date().toISOString() });
    await console_.sync();
    expect((await console_.core.handlers['calls.current']({})).calls).toEqual([]);
    const file = await console_.core.handlers['customers.file']({ id: server.customerId });
    expect(file.calls).toEqual([{ id: ring.body.value!.callId, line: 'main', state: 'ended', rangAt: rang, durationSeconds: 45, answeredBy: 'Anna Tecnica' }]);
  });

  it('marks the weekend number’s calls, logs a missed call, leaves an unknown number without a customer', async () => {
    const weekend = await event({ callId: `pbx-${newId()}`, event: 'ring', from: '3400000000', to: '045.2525658' });
    expect(weekend.body.value).toMatchObject({ state: 'ringing', customerId: null });
    const stored = await server.db.selectFrom('calls').select(['line', 'from_number']).where('id', '=', weekend.body.value!.callId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ line: 'weekend', from_number: '+393400000000' });
    const missed = `pbx-${newId()}`;
    await event({ callId: missed, event: 'ring', from: '0454684131' });
    expect((await event({ callId: missed, event: 'hangup', from: '0454684131' })).body.value?.state).toBe('missed');
  });

  it('the same call’s events at once (a PBX sending ring and answer together, or twice) make one call', async () => {
    const callId = `pbx-${newId()}`;
    const answers = await Promise.all([
      event({ callId, event: 'ring', from: '0454684131' }),
      event({ callId, event: 'ring', from: '0454684131' }),
      event({ callId, event: 'answer', from: '0454684131', agent: 'anna@test.it' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.value?.callId)).size).toBe(1);
    const rows = await server.db.selectFrom('calls').select(['state', 'answered_by']).where('external_id', '=', callId).execute();
    expect(rows).toEqual([{ state: 'answered', answered_by: server.users.anna }]);
  });

  it('refuses a missing, wrong or revoked key; a lead issues and revokes keys, a technician cannot', async () => {
    expect((await event({ callId: 'x', event: 'ring', from: '1' }, '')).status).toBe(401);
    expect((await event({ callId: 'x', event: 'ring', from: '1' }, `cti_${'a'.repeat(43)}`)).status).toBe(401);
    const lead = await server.loginAs('lead@test.it');
    const anna = await server.loginAs('anna@test.it');
    expect((await server.call('POST', '/cti/keys/issue', { label: 'Altro' }, anna)).body.error?.code).toBe('forbidden');
    const issued = await server.call('POST', '/cti/keys/issue', { label: 'Secondo centralino' }, lead);
    expect(issued.body.value.key).toMatch(/^cti_/);
    await server.call('POST', '/cti/keys/revoke', { id: issued.body.value.id }, lead);
    expect((await event({ callId: 'y', event: 'ring', from: '0454684131' }, issued.body.value.key)).body.error?.message).toBe('Chiave del centralino revocata.');
    expect((await server.call('POST', '/cti/keys', {}, lead)).body.value.keys).toHaveLength(2);
  });

  it('an admin reads what the channels are set to, without any secret; nobody else does', async () => {
    await createUser(server.db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    const admin = await server.loginAs('admin@test.it');
    const status = await server.call('POST', '/admin/channels', {}, admin);
    expect(status.body.value).toEqual({ mailbox: null, voicemail: null, whatsApp: null, weekendLine: '+390452525658' });
    expect((await server.call('POST', '/admin/channels', {}, await server.loginAs('lead@test.it'))).body.error?.code).toBe('forbidden');
  });
});
