import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { forgotPasswordAnswer } from '../../../src/shared/accounts/staff-accounts.ts';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { password, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/**
 * Staff accounts and password recovery (issue 23, items 4 and 5): an admin creates, changes, disables
 * and re-enables accounts, audited, never leaving the desk without an active admin; a disabled
 * colleague's console delivers the work it made before and is then signed out; links to choose a
 * password are one-use, expire, say nothing about who has an account, end every other session.
 */
describe.each(engineNames)('staff accounts and password recovery (%s)', (engine) => {
  let server: TestServer;
  let adminToken: string;
  let now = new Date('2026-11-23T17:00:00.000Z');
  const linkIn = async (recipient: string) => {
    const mail = await server.db.selectFrom('mail_outbox').select(['body', 'subject']).where('recipient', '=', recipient).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { subject: mail.subject, token: /\/portal\/#\/password\/([A-Za-z0-9_-]+)/.exec(mail.body ?? '')?.[1] ?? '' };
  };
  const setPassword = (token: string, chosen: string) => server.call('POST', '/portal/api/password', { token, password: chosen });

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
    await createUser(server.db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    adminToken = await server.loginAs('admin@test.it');
  });
  afterAll(async () => server.stop());

  it('an admin creates a colleague who chooses a password from the mailed link, once', async () => {
    expect((await server.call('POST', '/admin/users/create', { email: 'nuovo@test.it', displayName: 'Nino Nuovo', role: 'technician' }, await server.loginAs('lead@test.it'))).body.error?.code).toBe('forbidden');
    const created = await server.call('POST', '/admin/users/create', { email: 'Nuovo@Test.it', displayName: 'Nino Nuovo', role: 'technician' }, adminToken);
    expect(created.body.ok).toBe(true);
    expect((await server.call('POST', '/admin/users/create', { email: 'nuovo@test.it', displayName: 'Doppio', role: 'technician' }, adminToken)).body.error?.message).toMatch(/Esiste già un utente/);
    const listed = (await server.call('POST', '/admin/users', {}, adminToken)).body.value.accounts as Array<{ email: string; status: string }>;
    expect(listed.find((account) => account.email === 'nuovo@test.it')?.status).toBe('invited');
    const { subject, token } = await linkIn('nuovo@test.it');
    expect(subject).toBe('Il tuo account Presidio');
    // Only the hash is kept.
    expect(await server.db.selectFrom('password_links').select('token_hash').where('token_hash', '=', token).execute()).toEqual([]);
    expect((await server.call('POST', '/auth/login', { email: 'nuovo@test.it', password: 'scelta-da-nino-2026' })).status).toBe(401);
    expect((await setPassword(token, 'corta')).body.error?.code).toBe('invalid_argument');
    expect((await setPassword(token, 'scelta-da-nino-2026')).body.value).toEqual({ account: 'staff', email: 'nuovo@test.it' });
    expect((await setPassword(token, 'altra-scelta-2026')).body.error?.message).toMatch(/già stato usato o è scaduto/);
    expect((await server.call('POST', '/auth/login', { email: 'nuovo@test.it', password: 'scelta-da-nino-2026' })).body.ok).toBe(true);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity', '=', 'user').where('entity_id', '=', created.body.value.id).execute();
    expect(audit).toEqual([{ action: 'user.create', actor_id: expect.any(String) }]);
  });

  it('the last active admin can be neither demoted nor disabled; roles change with a reason, audited', async () => {
    const admin = await server.db.selectFrom('users').select('id').where('email', '=', 'admin@test.it').executeTakeFirstOrThrow();
    const demote = await server.call('POST', '/admin/users/role', { id: admin.id, role: 'team_lead', reason: 'Prova' }, adminToken);
    expect(demote.body.error?.message).toMatch(/ultimo amministratore attivo/);
    expect((await server.call('POST', '/admin/users/disabled', { id: admin.id, disabled: true, reason: 'Prova' }, adminToken)).body.error?.message).toMatch(/tuo stesso account/);
    const bruno = server.users.bruno;
    expect((await server.call('POST', '/admin/users/role', { id: bruno, role: 'admin', reason: '' }, adminToken)).body.error?.code).toBe('invalid_argument');
    expect((await server.call('POST', '/admin/users/role', { id: bruno, role: 'admin', reason: 'Nuovo responsabile' }, adminToken)).body.value).toEqual({ id: bruno, changed: true });
    // Now there is another admin: the first may step down.
    expect((await server.call('POST', '/admin/users/role', { id: admin.id, role: 'team_lead', reason: 'Passa al team' }, adminToken)).body.ok).toBe(true);
    const brunoToken = await server.loginAs('bruno@test.it');
    expect((await server.call('POST', '/admin/users/role', { id: bruno, role: 'technician', reason: 'Errore' }, brunoToken)).body.error?.message).toMatch(/ultimo amministratore attivo/);
    expect((await server.call('POST', '/admin/users/role', { id: admin.id, role: 'admin', reason: 'Torna amministratore' }, brunoToken)).body.ok).toBe(true);
    const actions = (await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', admin.id).orderBy('created_at').execute()).map((row) => row.action);
    expect(actions).toEqual(['user.role', 'user.role']);
  });

  it('disabling ends sessions at once; the console delivers what it made before, then is signed out', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const before = [newId(), newId()];
    const madeBefore = anna.command('ticket.create', { id: before[0], number: 'DIS-1', customerId: server.customerId, channel: 'phone', subject: 'Prima', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T16:00:00.000Z' });
    madeBefore.issuedAt = '2026-11-23T16:50:00.000Z';
    const disabled = await server.call('POST', '/admin/users/disabled', { id: server.users.anna, disabled: true, reason: 'Ha lasciato l’azienda' }, adminToken);
    expect(disabled.body.value).toEqual({ id: server.users.anna, changed: true });
    // Every other route refuses the session at once.
    expect((await server.call('GET', '/auth/me', undefined, (await server.consoleFor('lead@test.it')).token)).body.ok).toBe(true);
    const madeAfter = anna.command('ticket.create', { id: before[1], number: 'DIS-2', customerId: server.customerId, channel: 'phone', subject: 'Dopo', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T16:00:00.000Z' });
    madeAfter.issuedAt = '2026-11-23T17:05:00.000Z';
    const pushed = await anna.push([madeBefore, madeAfter]);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'rejected']);
    expect(pushed.body.value.results[1].error.message).toMatch(/dopo la disattivazione/);
    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 10 }, anna.token);
    expect(pulled.status).toBe(401);
    expect(pulled.body.error).toMatchObject({ code: 'unauthorized', details: { accountDisabled: true } });
    // The pull ended the session for good: not even a push gets through now.
    expect((await anna.push([anna.command('ticket.create', { id: newId(), number: 'DIS-3', customerId: server.customerId, channel: 'phone', subject: 'Ancora', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T16:00:00.000Z' })])).status).toBe(401);
    expect((await server.call('POST', '/auth/login', { email: 'anna@test.it', password })).status).toBe(401);
    expect((await server.call('POST', '/admin/users/disabled', { id: server.users.anna, disabled: false, reason: 'Rientrata' }, adminToken)).body.ok).toBe(true);
    expect((await server.call('POST', '/sync/pull', { cursor: 0, limit: 10 }, anna.token)).status).toBe(401);
    expect((await server.call('POST', '/auth/login', { email: 'anna@test.it', password })).body.ok).toBe(true);
    const actions = (await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', server.users.anna).orderBy('created_at').execute());
    expect(actions).toEqual([
      { action: 'user.disable', reason: 'Ha lasciato l’azienda' },
      { action: 'user.enable', reason: 'Rientrata' },
    ]);
  });

  it('«Password dimenticata?»: the same answer for anyone, a link for an hour, used once, every session ended', async () => {
    const leadSession = await server.loginAs('lead@test.it');
    const mailsBefore = Number((await server.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    const known = await server.call('POST', '/auth/password/forgot', { email: 'lead@test.it' });
    const unknown = await server.call('POST', '/auth/password/forgot', { email: 'nessuno@test.it' });
    expect(known).toEqual({ status: 200, body: { ok: true, value: { message: forgotPasswordAnswer } } });
    expect(unknown).toEqual(known);
    const mailsAfter = Number((await server.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    expect(mailsAfter - mailsBefore).toBe(1);
    const { token, subject } = await linkIn('lead@test.it');
    expect(subject).toBe('Nuova password');
    // An hour later the link no longer works; a new request makes a new one.
    now = new Date(now.getTime() + 61 * 60_000);
    expect((await setPassword(token, 'nuova-password-lea-2026')).body.error?.code).toBe('not_found');
    await server.call('POST', '/auth/password/forgot', { email: 'lead@test.it' });
    const fresh = await linkIn('lead@test.it');
    expect((await setPassword(fresh.token, 'nuova-password-lea-2026')).body.ok).toBe(true);
    expect((await server.call('GET', '/auth/me', undefined, leadSession)).status).toBe(401);
    expect((await server.call('POST', '/auth/login', { email: 'lead@test.it', password })).status).toBe(401);
    expect((await server.call('POST', '/auth/login', { email: 'lead@test.it', password: 'nuova-password-lea-2026' })).body.ok).toBe(true);
  });

  it('recovery requests are throttled per address like sign-in, known address or not', async () => {
    let last;
    for (let attempt = 0; attempt < testAuthPolicy.maxFailuresPerAddress + 1; attempt += 1) last = await server.call('POST', '/auth/password/forgot', { email: `qualcuno${attempt}@test.it` });
    expect(last?.body.error?.code).toBe('rate_limited');
    expect((await server.call('POST', '/auth/password/forgot', { email: 'bruno@test.it' })).body.error?.code).toBe('rate_limited');
    await server.db.deleteFrom('login_failures').execute();
  });

  it('a customer recovers the portal password the same way; their portal sessions end', async () => {
    // The lead's password is the one chosen in the recovery above.
    const lead = (await server.call('POST', '/auth/login', { email: 'lead@test.it', password: 'nuova-password-lea-2026' })).body.value.token as string;
    expect((await server.call('POST', '/portal-admin/invite', { customerId: server.customerId, email: 'cliente@test.it', name: 'Carla Cliente' }, lead)).body.ok).toBe(true);
    const invite = await server.db.selectFrom('mail_outbox').select('body').where('recipient', '=', 'cliente@test.it').executeTakeFirstOrThrow();
    const inviteToken = /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(invite.body ?? '')?.[1] ?? '';
    expect((await server.call('POST', '/portal/api/invite/accept', { token: inviteToken, password: 'password-di-carla' })).body.ok).toBe(true);
    const signedIn = await fetch(`${server.url}/portal/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'cliente@test.it', password: 'password-di-carla' }) });
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await server.call('POST', '/portal/api/password/forgot', { email: 'cliente@test.it' })).body.value.message).toBe(forgotPasswordAnswer);
    const { token } = await linkIn('cliente@test.it');
    expect((await setPassword(token, 'nuova-password-di-carla')).body.value).toEqual({ account: 'customer', email: 'cliente@test.it' });
    expect((await fetch(`${server.url}/portal/api/session`, { headers: { cookie } })).status).toBe(401);
  });
});
