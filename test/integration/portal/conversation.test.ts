import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentMaxBytes } from '../../../src/shared/conversation/attachment-types.ts';
import { newId } from '../../../src/shared/ids.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { invitePortalContact, portalBrowser } from '../../support/portal-browser.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
/** A real 1×1 PNG, as a phone's photo would be (smaller). */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.each(engineNames)('the conversation on a request (%s)', (engine) => {
  let server: TestServer;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  const mario = () => portalBrowser(server);
  let marioBrowser: ReturnType<typeof portalBrowser>;
  let luisaBrowser: ReturnType<typeof portalBrowser>;
  const otherCustomer = newId();
  const tickets = { printer: newId(), theirs: newId(), closing: newId(), old: newId() };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    lead = await server.consoleFor('lead@test.it');
    anna = await server.consoleFor('anna@test.it');
    const ticket = (id: string, number: string, customerId: string) =>
      lead.command('ticket.create', { id, number, customerId, channel: 'phone', subject: `Richiesta ${number}`, description: '', priority: 'P3', blocking: false, openedAt: at(0) });
    const pushed = await lead.push([
      lead.command('customer.create', { id: otherCustomer, code: 'C2', name: 'Ottica Bianchi', vatNumber: null, email: 'bianchi@test.it', phone: null, city: null }),
      ticket(tickets.printer, 'M-1', server.customerId),
      ticket(tickets.theirs, 'M-2', otherCustomer),
      ticket(tickets.closing, 'M-3', server.customerId),
      ticket(tickets.old, 'M-4', server.customerId),
    ]);
    expect(pushed.body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    await invitePortalContact(server, lead.token, server.customerId, 'mario@rossi.test');
    await invitePortalContact(server, lead.token, otherCustomer, 'luisa@bianchi.test');
    marioBrowser = mario();
    luisaBrowser = portalBrowser(server);
    expect((await marioBrowser.login('mario@rossi.test', 'password-del-cliente')).body.ok).toBe(true);
    expect((await luisaBrowser.login('luisa@bianchi.test', 'password-del-cliente')).body.ok).toBe(true);
  });
  afterAll(async () => server.stop());

  it('a public reply reaches the portal and is mailed once; an internal note reaches neither the portal API nor the mail', async () => {
    const reply = anna.command('ticket.message', { id: newId(), ticketId: tickets.printer, visibility: 'public', body: 'Abbiamo ordinato il toner, arriva domani.', writtenAt: at(30) });
    const note = anna.command('ticket.message', { id: newId(), ticketId: tickets.printer, visibility: 'internal', body: 'Il cliente usa toner compatibili: NOTA-RISERVATA', writtenAt: at(31) });
    // The same message sent again (a lost answer; a new mutation id, the message's own id): written and mailed once.
    const again = anna.command('ticket.message', reply.args);
    const pushed = await anna.push([reply, note, again]);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const mails = await server.db.selectFrom('mail_outbox').select(['kind', 'recipient', 'payload_json']).where('ticket_id', '=', tickets.printer).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'reply', recipient: 'rossi@test.it' });
    expect(mails[0]?.payload_json).toContain('toner');
    expect(mails[0]?.payload_json).not.toContain('NOTA-RISERVATA');
    const page = await marioBrowser.call('GET', `/portal/api/tickets/${tickets.printer}`);
    expect(page.body.value.messages.map((message: { body: string; authorLabel: string }) => [message.body, message.authorLabel])).toEqual([['Abbiamo ordinato il toner, arriva domani.', 'Anna Tecnica · Assistenza']]);
    const list = await marioBrowser.call('GET', '/portal/api/tickets');
    for (const answer of [page, list]) expect(answer.text).not.toContain('NOTA-RISERVATA');
  });

  it('the customer answers with a photo: the file is kept once by its hash, the console reads it, another customer gets 404', async () => {
    const uploaded = await marioBrowser.upload(png, 'C:\\Foto\\stampante "rotta".png');
    expect(uploaded.body.value).toMatchObject({ name: 'stampante rotta.png', mediaType: 'image/png', sizeBytes: png.length });
    const sha256 = uploaded.body.value.sha256 as string;
    expect((await marioBrowser.upload(png, 'di nuovo.png')).body.value.sha256).toBe(sha256);
    const sent = await marioBrowser.call('POST', `/portal/api/tickets/${tickets.printer}/messages`, { body: 'Ecco la spia rossa.', attachments: [{ sha256, name: 'stampante rotta.png' }] });
    expect(sent.body.value).toMatchObject({ ticketId: tickets.printer, outcome: 'written' });
    const pulled = await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token);
    const message = pulled.body.value.changes.find((change: { entity: string; id: string }) => change.entity === 'ticket_message' && change.id === sent.body.value.messageId);
    expect(message.data).toMatchObject({ authorKind: 'customer', authorName: 'Contatto mario@rossi.test', source: 'portal', visibility: 'public', attachments: [{ sha256, mediaType: 'image/png' }] });
    const staff = await fetch(`${server.url}/conversation/attachments/${tickets.printer}/${sha256}`, { headers: { authorization: `Bearer ${anna.token}` } });
    expect(staff.status).toBe(200);
    expect(Buffer.from(await staff.arrayBuffer()).equals(png)).toBe(true);
    const own = await marioBrowser.download(`/portal/api/tickets/${tickets.printer}/attachments/${sha256}`);
    expect(own).toMatchObject({ status: 200, type: 'image/png' });
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await luisaBrowser.download(`/portal/api/tickets/${tickets.printer}/attachments/${sha256}`)).status).toBe(404);
    expect((await luisaBrowser.download(`/portal/api/tickets/${tickets.theirs}/attachments/${sha256}`)).status).toBe(404);
    const anonymous = await fetch(`${server.url}/conversation/attachments/${tickets.printer}/${sha256}`);
    expect(anonymous.status).toBe(401);
    expect((await luisaBrowser.call('POST', `/portal/api/tickets/${tickets.printer}/messages`, { body: 'Intrusa' })).status).toBe(404);
  });

  it('a colleague attaches a PDF from the console: uploaded first, then named by the message; the customer downloads it; an unknown file is refused', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    const uploaded = await server.call('POST', '/conversation/attachments', { fileName: 'Guida toner.pdf', dataBase64: pdf.toString('base64') }, anna.token);
    expect(uploaded.body.value).toMatchObject({ name: 'Guida toner.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length });
    expect((await server.call('POST', '/conversation/attachments', { fileName: 'x.pdf', dataBase64: pdf.toString('base64') })).status).toBe(401);
    const ref = uploaded.body.value;
    const message = anna.command('ticket.message', { id: newId(), ticketId: tickets.printer, visibility: 'public', body: 'In allegato la guida.', writtenAt: at(40), attachments: [ref] });
    const missing = anna.command('ticket.message', { id: newId(), ticketId: tickets.printer, visibility: 'public', body: 'E questa?', writtenAt: at(41), attachments: [{ ...ref, sha256: 'e'.repeat(64), name: 'fantasma.pdf' }] });
    const pushed = await anna.push([message, missing]);
    expect(pushed.body.value.results[0]).toMatchObject({ status: 'applied' });
    expect(pushed.body.value.results[1]).toMatchObject({ status: 'rejected', error: { message: 'L’allegato «fantasma.pdf» non è sull’API centrale: allegalo di nuovo.' } });
    const own = await marioBrowser.download(`/portal/api/tickets/${tickets.printer}/attachments/${ref.sha256}`);
    expect(own).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(own.bytes.equals(pdf)).toBe(true);
    const mail = await server.db.selectFrom('mail_outbox').select('payload_json').where('ticket_id', '=', tickets.printer).where('payload_json', 'like', '%In allegato la guida%').executeTakeFirstOrThrow();
    expect(JSON.parse(mail.payload_json ?? '{}').attachmentNames).toEqual(['Guida toner.pdf']);
  });

  it('files are judged by their bytes and their size; a message names only files that were uploaded', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await marioBrowser.upload(html, 'foto.jpg');
    expect(disguised.body.error).toMatchObject({ code: 'invalid_argument', message: '«foto.jpg» non è un’immagine, un PDF o un audio: non può essere allegato.' });
    const tooLarge = await marioBrowser.upload(Buffer.concat([png, Buffer.alloc(attachmentMaxBytes)]), 'enorme.png');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.ok).toBe(false);
    const pdf = await marioBrowser.upload(Buffer.from('%PDF-1.4\n%…\n'), 'fattura.pdf');
    expect(pdf.body.value.mediaType).toBe('application/pdf');
    const unknown = await marioBrowser.call('POST', `/portal/api/tickets/${tickets.printer}/messages`, { body: 'x', attachments: [{ sha256: 'f'.repeat(64), name: 'mai.png' }] });
    expect(unknown.body.error?.message).toBe('L’allegato «mai.png» non è stato caricato: lo alleghi di nuovo.');
    expect((await marioBrowser.call('POST', `/portal/api/tickets/${tickets.printer}/messages`, { body: '   ' })).body.error?.code).toBe('invalid_argument');
    marioBrowser.forgetCsrf();
    expect((await marioBrowser.upload(png, 'senza-token.png')).body.error?.code).toBe('forbidden');
    await marioBrowser.login('mario@rossi.test', 'password-del-cliente');
  });

  it('on a closed request: within the lead’s days the message reopens it, later it opens a new request that refers to it', async () => {
    const closed = await lead.push([
      lead.command('ticket.close', { ticketId: tickets.closing, cause: 'vendor', resolution: 'Driver aggiornato', closedAt: at(60) }),
      lead.command('ticket.close', { ticketId: tickets.old, cause: 'vendor', resolution: 'Sostituito il cavo', closedAt: at(60) }),
    ]);
    expect(closed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied']);
    const reopened = await marioBrowser.call('POST', `/portal/api/tickets/${tickets.closing}/messages`, { body: 'Il problema è tornato.' });
    expect(reopened.body.value).toMatchObject({ ticketId: tickets.closing, outcome: 'reopened', ticketNumber: 'M-3' });
    const ticket = await server.db.selectFrom('tickets').select(['status', 'closed_at']).where('id', '=', tickets.closing).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ status: 'open', closed_at: null });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', tickets.closing).where('action', '=', 'ticket.reopen').execute();
    expect(audit).toEqual([{ action: 'ticket.reopen', reason: 'Messaggio di Contatto mario@rossi.test entro 14 giorni dalla chiusura' }]);

    await server.db.insertInto('desk_settings').values({ key: 'reopen_within_days', value: '0', updated_at: at(0), updated_by: null }).execute();
    const followUp = await marioBrowser.call('POST', `/portal/api/tickets/${tickets.old}/messages`, { body: 'Anche l’altro cavo adesso.' });
    expect(followUp.body.value.outcome).toBe('newTicket');
    expect(followUp.body.value.ticketNumber).toMatch(/^M-4-S[0-9A-F]{4}$/);
    const created = await server.db.selectFrom('tickets').select(['subject', 'description', 'channel', 'status']).where('id', '=', followUp.body.value.ticketId).executeTakeFirstOrThrow();
    expect(created).toEqual({ subject: 'Seguito di M-4: Richiesta M-4', description: 'Segue la richiesta M-4, chiusa il 23 novembre 2026.', channel: 'web_form', status: 'open' });
    expect((await server.db.selectFrom('tickets').select('status').where('id', '=', tickets.old).executeTakeFirstOrThrow()).status).toBe('closed');
  });

  it('the FAQ and the service schema: readable without signing in, seeded in Italian, edited by leads only (audited), the reopening rule with them', async () => {
    const anonymous = await fetch(`${server.url}/portal/api/pages/faq`);
    const faq = ((await anonymous.json()) as { value: { title: string; body: string; updatedAt: string | null } }).value;
    expect(faq).toMatchObject({ title: 'Domande frequenti', updatedAt: null });
    expect(faq.body).toContain('Che cosa resta sempre incluso?');
    expect((await fetch(`${server.url}/portal/api/pages/segreti`)).status).toBe(404);
    expect((await server.call('POST', '/portal-admin/content/page', { slug: 'faq', title: 'FAQ', body: 'x' }, anna.token)).body.error?.code).toBe('forbidden');
    const body = '# Domande\n\n## Posso scrivere <script>alert(1)</script>?\nSì: resta **testo**.';
    const saved = await server.call('POST', '/portal-admin/content/page', { slug: 'faq', title: 'Domande frequenti', body }, lead.token);
    expect(saved.body.value).toMatchObject({ slug: 'faq', body });
    expect(((await (await fetch(`${server.url}/portal/api/pages/faq`)).json()) as { value: { body: string } }).value.body).toBe(body);
    expect((await server.call('POST', '/portal-admin/content/page', { slug: 'faq', title: '   ', body }, lead.token)).body.error?.code).toBe('invalid_argument');
    const content = await server.call('POST', '/portal-admin/content', {}, lead.token);
    expect(content.body.value.pages.map((page: { slug: string }) => page.slug)).toEqual(['faq', 'schema']);
    expect((await server.call('POST', '/portal-admin/content/settings', { reopenWithinDays: 30 }, lead.token)).body.value).toEqual({ reopenWithinDays: 30 });
    expect((await server.call('POST', '/portal-admin/content/settings', { reopenWithinDays: -1 }, lead.token)).body.error?.code).toBe('invalid_argument');
    expect((await server.call('POST', '/portal-admin/content', {}, lead.token)).body.value.settings).toEqual({ reopenWithinDays: 30 });
    const audit = await server.db.selectFrom('audit_log').select('action').where('action', 'in', ['portal.page', 'desk.settings']).execute();
    expect(audit.map((row) => row.action).sort()).toEqual(['desk.settings', 'portal.page']);
  });

  it('the request list filters open and closed, searches number and subject (LIKE characters taken literally), pages by 20, and shows each request’s last answer', async () => {
    const extra = Array.from({ length: 23 }, (_, index) => lead.command('ticket.create', { id: newId(), number: `L-${String(index).padStart(2, '0')}`, customerId: server.customerId, channel: 'phone', subject: index === 7 ? 'Sconto 100%_speciale' : `Altro ${index}`, description: '', priority: 'P4', blocking: false, openedAt: at(100 + index) }));
    expect((await lead.push(extra)).body.value.results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
    const list = (query: string) => marioBrowser.call('GET', `/portal/api/tickets${query}`).then((answer) => answer.body.value as { tickets: Array<{ number: string; status: string; messages: unknown[] }>; total: number; page: number; pageSize: number });
    const all = await list('');
    // M-1, M-3 (reopened), M-4 (closed), its follow-up, and the 23 new ones; M-2 is another customer's.
    expect(all.total).toBe(27);
    expect(all.tickets).toHaveLength(20);
    // Newest first: the follow-up opened this evening, then the last of the new ones.
    expect(all.tickets.slice(0, 2).map((ticket) => ticket.number)).toEqual([expect.stringMatching(/^M-4-S/), 'L-22']);
    const second = await list('?pagina=2');
    expect(second.tickets).toHaveLength(7);
    expect(new Set([...all.tickets, ...second.tickets].map((ticket) => ticket.number)).size).toBe(27);
    const closed = await list('?stato=chiuse');
    expect(closed.tickets.map((ticket) => ticket.number)).toEqual(['M-4']);
    expect(closed.tickets[0]?.status).toBe('closed');
    const open = await list('?stato=aperte');
    expect(open.total).toBe(26);
    expect((await list(`?cerca=${encodeURIComponent('100%_')}`)).tickets.map((ticket) => ticket.number)).toEqual(['L-07']);
    expect((await list(`?cerca=${encodeURIComponent('%')}`)).tickets.map((ticket) => ticket.number)).toEqual(['L-07']);
    expect((await list('?cerca=m-1')).tickets.map((ticket) => ticket.number)).toEqual(['M-1']);
    const printer = (await list('?cerca=M-1')).tickets[0];
    expect(printer?.messages).toHaveLength(1);
    expect((await marioBrowser.call('GET', '/portal/api/tickets?stato=segrete')).body.error?.code).toBe('invalid_argument');
  });
});
