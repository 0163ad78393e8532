import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { buildServer } from '../../../src/server/app.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { createTestDatabase, engineNames, testAuthPolicy, type TestDatabase } from '../../support/server-engines.ts';
import { password } from '../../support/server-fixture.ts';
import { newId } from '../../../src/shared/ids.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';

type Envelope = { ok: boolean; value?: any; error?: { code: string; message: string } };

/**
 * Personal data (issue 27, item 4): an admin exports what the desk holds about a contact (JSON and
 * a readable PDF) and erases the contact on request: name and address leave the API (its file too,
 * byte-searched, on SQLite) and every console at its next sync; orders and billing stay.
 */
describe.each(engineNames)('personal data (%s)', (engine) => {
  let database: TestDatabase;
  let url: string;
  let close: () => Promise<void>;
  let console_: TestConsole;
  const mailFolder = () => join(database.dataDirectory, 'mail');
  const attachmentFolder = () => join(database.dataDirectory, 'attachments');
  let photoSha = '';
  const name = 'Zenobia Quartararo';
  const email = 'zenobia.quartararo@cliente.example';
  const call = async (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), raw: Buffer.from(await response.arrayBuffer()), cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
  };
  const json = (answer: { raw: Buffer }) => JSON.parse(answer.raw.toString('utf8')) as Envelope;
  let contactId = '';
  let homonymId = '';
  let colleagueId = '';
  const homonymEmail = 'zenobia.q@altra.example';
  let admin = '';

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const { db } = database.server;
    await createUser(db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    await createUser(db, { email: 'lead@test.it', displayName: 'Lea Leader', role: 'team_lead', password }, testAuthPolicy);
    const at = new Date().toISOString();
    const customerId = newId();
    await db.insertInto('customers').values({ id: customerId, code: 'P1', name: 'Ottica Privata', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
    await db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: customerId }], new Date()));
    const app = buildServer({ database: database.server, authPolicy: testAuthPolicy, logLevel: 'silent', mailFolder: mailFolder(), attachmentFolder: attachmentFolder() });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = () => app.close();
    admin = json(await call('/auth/login', { email: 'admin@test.it', password })).value.token;
    const lead = json(await call('/auth/login', { email: 'lead@test.it', password })).value.token;
    contactId = json(await call('/portal-admin/invite', { customerId, email, name }, lead)).value.contactId;
    // A homonym at another customer: erasing one never touches the other.
    const otherCustomer = newId();
    await db.insertInto('customers').values({ id: otherCustomer, code: 'P2', name: 'Altra Ottica', vat_number: null, email: null, phone: null, city: null, created_at: at, updated_at: at }).execute();
    homonymId = json(await call('/portal-admin/invite', { customerId: otherCustomer, email: homonymEmail, name }, lead)).value.contactId;
    // And a colleague of the same name, whose account's audit line names them.
    colleagueId = json(await call('/admin/users/create', { email: 'zenobia@presidio.example', displayName: name, role: 'technician' }, admin)).value.id;
    const invite = await db.selectFrom('mail_outbox').select('body').where('recipient', '=', email).executeTakeFirstOrThrow();
    const token = /\/portal\/#\/invito\/([A-Za-z0-9_-]+)/.exec(invite.body ?? '')?.[1] ?? '';
    await call('/portal/api/invite/accept', { token, password: 'password-di-zenobia' });
    const signedIn = await call('/portal/api/login', { email, password: 'password-di-zenobia' });
    const csrf = json(signedIn).value.csrfToken as string;
    const request = await call('/portal/api/requests', { subject: 'Il lettore non legge', description: 'Da stamattina non funziona.' }, undefined, { cookie: signedIn.cookie, 'x-csrf-token': csrf });
    expect(request.status).toBe(200);
    // Then writes on it with a photo, signing with their name.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const uploaded = await fetch(`${url}/portal/api/attachments`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'badge.png', cookie: signedIn.cookie, 'x-csrf-token': csrf }, body: png });
    photoSha = ((await uploaded.json()) as Envelope).value.sha256;
    const ticketId = JSON.parse(request.raw.toString('utf8')).value.ticketId as string;
    const written = await call(`/portal/api/tickets/${ticketId}/messages`, { body: `Ecco il badge. Saluti, ${name}`, attachments: [{ sha256: photoSha, name: 'badge.png' }] }, undefined, { cookie: signedIn.cookie, 'x-csrf-token': csrf });
    expect(written.status).toBe(200);
    console_ = await openConsole({ serverUrl: url, email: 'lead@test.it' });
    await console_.sync();
  }, 60_000);
  afterAll(async () => {
    await console_?.remove();
    await close?.();
    await database?.drop();
  });

  it('an admin exports what is held about the contact, as JSON and as a PDF a person reads', async () => {
    const lead = json(await call('/auth/login', { email: 'lead@test.it', password })).value.token;
    expect(json(await call('/admin/privacy/export', { contactId }, lead)).error?.code).toBe('forbidden');
    const exported = json(await call('/admin/privacy/export', { contactId }, admin)).value as { subject: { name: string }; sections: Array<{ title: string; rows: unknown[] }> };
    expect(exported.subject.name).toBe(name);
    const titles = exported.sections.map((section) => `${section.title}: ${section.rows.length}`);
    expect(titles).toContain(`Richieste inviate da ${name}: 1`);
    expect(titles).toContain(`E-mail inviate a ${email}: 1`);
    expect(titles).toContain(`Messaggi scritti da ${name}: 1`);
    const pdf = await call('/admin/privacy/export.pdf', { contactId }, admin);
    expect(pdf.type).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.raw }).toString('utf8');
    expect(text).toContain(`Dati personali conservati · ${name}`);
    expect(text).toContain('Il lettore non legge');
  });

  it('erasing the contact removes name and address from the API and, at its next sync, from every console', async () => {
    // The drop folder's copy of the invite, as the mail worker writes it.
    const invite = await database.server.db.selectFrom('mail_outbox').select(['id', 'body']).where('recipient', '=', email).executeTakeFirstOrThrow();
    mkdirSync(mailFolder(), { recursive: true });
    writeFileSync(join(mailFolder(), `${invite.id}_presidio.outbox.eml`), `To: ${email}\r\n\r\n${invite.body ?? ''}`);
    const consoleFile = join(console_.dataDirectory, 'presidio.sqlite');
    expect(console_.core.local.sqlite.prepare('SELECT description FROM tickets').get()).toMatchObject({ description: expect.stringContaining(email) });
    const erased = json(await call('/admin/privacy/erase-contact', { contactId, reason: 'Richiesta scritta del 3 dicembre 2026' }, admin));
    expect(erased.error).toBeUndefined();
    expect(erased.value).toEqual({ tickets: 1, mails: 1, auditLines: 1, messages: 1, files: 1 });
    expect(existsSync(join(attachmentFolder(), photoSha.slice(0, 2), photoSha))).toBe(false);
    expect(json(await call('/admin/privacy/erase-contact', { contactId, reason: 'Di nuovo' }, admin)).error?.code).toBe('conflict');
    expect(json(await call('/portal/api/login', { email, password: 'password-di-zenobia' })).error?.code).toBe('unauthorized');
    const { db } = database.server;
    const stored = JSON.stringify([
      await db.selectFrom('customer_contacts').selectAll().where('id', '!=', homonymId).execute(),
      await db.selectFrom('tickets').selectAll().execute(),
      await db.selectFrom('ticket_messages').selectAll().execute(),
      await db.selectFrom('attachments').selectAll().execute(),
      await db.selectFrom('mail_outbox').selectAll().where('recipient', 'not in', [homonymEmail, 'zenobia@presidio.example']).execute(),
      await db.selectFrom('audit_log').selectAll().where('entity_id', 'not in', [homonymId, colleagueId]).execute(),
      await db.selectFrom('sync_changes').selectAll().where('entity_id', '!=', colleagueId).execute(),
      await db.selectFrom('login_failures').selectAll().execute(),
    ]);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain('Quartararo');
    // The homonym keeps their account, their invite mail and the audit line of their invite.
    expect(await db.selectFrom('customer_contacts').select(['name', 'email']).where('id', '=', homonymId).executeTakeFirstOrThrow()).toEqual({ name, email: homonymEmail });
    expect((await db.selectFrom('audit_log').select('after_json').where('entity_id', '=', homonymId).executeTakeFirstOrThrow()).after_json).toContain(homonymEmail);
    expect((await db.selectFrom('mail_outbox').select('body').where('recipient', '=', homonymEmail).executeTakeFirstOrThrow()).body).toContain(name);
    expect(JSON.parse((await db.selectFrom('audit_log').select('after_json').where('entity_id', '=', colleagueId).executeTakeFirstOrThrow()).after_json!)).toMatchObject({ displayName: name });
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'privacy.erase').execute()).toHaveLength(1);
    await console_.sync();
    expect(console_.core.local.sqlite.prepare('SELECT description FROM tickets').get()).toMatchObject({ description: expect.stringContaining('Contatto cancellato') });
    expect(console_.core.local.sqlite.prepare('SELECT author_name, body, attachments_json FROM ticket_messages').get()).toEqual({ author_name: expect.stringContaining('Contatto cancellato'), body: expect.stringContaining('Contatto cancellato'), attachments_json: '[]' });
    await console_.close();
    // (The colleague of the same name is on the console, rightly: their own account.)
    expect(readFileSync(consoleFile).includes(Buffer.from(`portale di ${name}`))).toBe(false);
    expect(readFileSync(consoleFile).includes(Buffer.from(email))).toBe(false);
    if (engine === 'sqlite') {
      const apiFile = join(database.dataDirectory, 'presidio-server.sqlite');
      const bytes = Buffer.concat([readFileSync(apiFile), existsSync(`${apiFile}-wal`) ? readFileSync(`${apiFile}-wal`) : Buffer.alloc(0)]);
      // (The homonym's name stays in the file, rightly: only the erased address is searched.)
      expect(bytes.includes(Buffer.from(email))).toBe(false);
    }
    expect(readdirSync(mailFolder())).toEqual([]);
  });
});
