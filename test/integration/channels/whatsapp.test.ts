import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWhatsAppSettings } from '../../../src/server/channels/whatsapp.service.ts';
import { createWhatsAppSender } from '../../../src/server/channels/whatsapp-outbox.ts';
import { newId } from '../../../src/shared/ids.ts';
import { createUser } from '../../../src/server/auth/auth.service.ts';
import { engineNames, testAuthPolicy } from '../../support/server-engines.ts';
import { fixtureEvening, password, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { startWhatsAppPlatform } from '../../support/whatsapp-platform.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const appSecret = 'segreto-app-whatsapp';
const accessToken = 'EAAG-token-di-prova';
const verifyToken = 'verifica-presidio';
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(300, 1)]);

/** A delivery as the platform posts it (Cloud API, field `messages`). */
const delivery = (from: string, messages: Array<Record<string, unknown>>, name = 'Mario Rossi') => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '393400662000', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name }, wa_id: from }],
            messages: messages.map((message) => ({ from, timestamp: '1795453200', ...message })),
          },
        },
      ],
    },
  ],
});

describe.each(engineNames)('WhatsApp Business webhook (%s)', (engine) => {
  let server: TestServer;
  let platform: Awaited<ReturnType<typeof startWhatsAppPlatform>>;
  const attachments = makeTempDirectory('presidio-whatsapp-');
  const post = async (body: unknown, signature: 'right' | 'wrong' | 'none' = 'right') => {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== 'none') headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', signature === 'right' ? appSecret : 'altro').update(raw).digest('hex')}`;
    const response = await fetch(`${server.url}/intake/whatsapp`, { method: 'POST', headers, body: raw });
    return { status: response.status, body: (await response.json()) as { ok: boolean; value?: { filed: number } } };
  };
  const messagesOfCustomer = () => server.db.selectFrom('ticket_messages').innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id').select(['tickets.id as ticket_id', 'tickets.channel', 'ticket_messages.body', 'ticket_messages.source', 'ticket_messages.author_name', 'ticket_messages.attachments_json']).where('tickets.customer_id', '=', server.customerId).where('ticket_messages.source', '=', 'whatsapp').orderBy('ticket_messages.created_at').orderBy('ticket_messages.id').execute();

  beforeAll(async () => {
    platform = await startWhatsAppPlatform({ accessToken });
    server = await startTestServer(engine, {
      clock: fixtureEvening,
      attachmentFolder: attachments.path,
      whatsApp: readWhatsAppSettings({ PRESIDIO_WHATSAPP_VERIFY_TOKEN: verifyToken, PRESIDIO_WHATSAPP_APP_SECRET: appSecret, PRESIDIO_WHATSAPP_ACCESS_TOKEN: accessToken, PRESIDIO_WHATSAPP_API_URL: platform.url, PRESIDIO_WHATSAPP_PHONE_NUMBER_ID: '106540352242922' }),
    });
    await server.db.updateTable('customers').set({ phone: '045 4684131 / 340.0662095' }).where('id', '=', server.customerId).execute();
  });
  afterAll(async () => {
    await server.stop();
    await platform.stop();
    attachments.remove();
  });

  it('answers the verification handshake only with the verify token', async () => {
    const good = await fetch(`${server.url}/intake/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect([good.status, await good.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${server.url}/intake/whatsapp?hub.mode=subscribe&hub.verify_token=sbagliato&hub.challenge=1`)).status).toBe(403);
  });

  it('refuses an unsigned or wrongly signed delivery and stores nothing', async () => {
    const body = delivery('393400662095', [{ id: 'wamid.unsigned', type: 'text', text: { body: 'Entro?' } }]);
    expect((await post(body, 'none')).status).toBe(401);
    expect((await post(body, 'wrong')).status).toBe(403);
    expect(await server.db.selectFrom('inbound_mail').select('message_id').where('message_id', 'like', 'whatsapp:%').execute()).toEqual([]);
  });

  it('a known number opens a WhatsApp request, its next messages join it (photo and voice downloaded once), a retried delivery changes nothing', async () => {
    const first = delivery('393400662095', [{ id: 'wamid.1', type: 'text', text: { body: 'La cassa non stampa lo scontrino\nerrore 23' } }]);
    expect((await post(first)).body.value).toEqual({ filed: 1 });
    expect((await post(first)).body.value).toEqual({ filed: 0 });
    platform.addMedia('media-photo', jpeg, 'image/jpeg');
    platform.addMedia('media-voice', ogg, 'audio/ogg; codecs=opus');
    await post(delivery('393400662095', [
      { id: 'wamid.2', type: 'image', image: { id: 'media-photo', mime_type: 'image/jpeg', caption: 'Ecco la foto' } },
      { id: 'wamid.3', type: 'audio', audio: { id: 'media-voice', mime_type: 'audio/ogg; codecs=opus', voice: true } },
    ]));
    const rows = await messagesOfCustomer();
    expect(rows.map((row) => [row.channel, row.body, row.author_name])).toEqual([
      ['whatsapp', 'La cassa non stampa lo scontrino\nerrore 23', 'Mario Rossi'],
      ['whatsapp', 'Ecco la foto', 'Mario Rossi'],
      ['whatsapp', 'Messaggio vocale', 'Mario Rossi'],
    ]);
    expect(new Set(rows.map((row) => row.ticket_id)).size).toBe(1);
    expect(JSON.parse(rows[1]!.attachments_json)).toEqual([expect.objectContaining({ mediaType: 'image/jpeg', sizeBytes: jpeg.length })]);
    expect(JSON.parse(rows[2]!.attachments_json)).toEqual([expect.objectContaining({ mediaType: 'audio/ogg' })]);
    const ticket = await server.db.selectFrom('tickets').select(['subject', 'channel', 'number']).where('id', '=', rows[0]!.ticket_id).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ subject: 'La cassa non stampa lo scontrino', channel: 'whatsapp' });
    expect(platform.calls.filter((call) => call.startsWith('GET /media-photo'))).toHaveLength(1);
  });

  it('when the platform is busy the delivery fails whole and is filed once when retried; two deliveries at once file once', async () => {
    platform.addMedia('media-doc', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const body = delivery('393400662095', [{ id: 'wamid.4', type: 'document', document: { id: 'media-doc', filename: 'fattura.pdf', mime_type: 'application/pdf' } }]);
    platform.failNext(1);
    const failed = await post(body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await server.db.selectFrom('inbound_mail').select('message_id').where('message_id', '=', 'whatsapp:wamid.4').execute()).toEqual([]);
    const [one, two] = await Promise.all([post(body), post(body)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect((one.body.value?.filed ?? 0) + (two.body.value?.filed ?? 0)).toBe(1);
    const rows = await messagesOfCustomer();
    expect(rows.filter((row) => row.attachments_json.includes('fattura.pdf'))).toHaveLength(1);
  });

  it('an unknown number waits for a lead, as WhatsApp', async () => {
    await post(delivery('393339999999', [{ id: 'wamid.5', type: 'text', text: { body: 'Buongiorno, sono un nuovo cliente' } }], 'Luca Verdi'));
    const waiting = await server.db.selectFrom('unsorted_mail').select(['channel', 'sender', 'subject']).where('message_id', '=', 'whatsapp:wamid.5').executeTakeFirstOrThrow();
    expect(waiting).toEqual({ channel: 'whatsapp', sender: '+393339999999', subject: 'Messaggio WhatsApp da Luca Verdi (+393339999999)' });
  });

  it('a public reply on a WhatsApp request goes back by WhatsApp: free text within 24 hours, the approved template after (parked without one), retried when the platform is busy; statuses follow', async () => {
    const ticket = await server.db.selectFrom('tickets').select('id').where('channel', '=', 'whatsapp').where('customer_id', '=', server.customerId).executeTakeFirstOrThrow();
    const anna = await server.consoleFor('anna@test.it');
    const reply = (body: string) => anna.command('ticket.message', { id: newId(), ticketId: ticket.id, visibility: 'public', body, writtenAt: new Date(fixtureEvening().getTime() - 60_000).toISOString() });
    expect((await anna.push([reply('Arriviamo alle 15 per la cassa.')])).body.value.results[0]).toMatchObject({ status: 'applied' });
    expect(await server.db.selectFrom('mail_outbox').select('id').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
    const log = { info: () => undefined, warn: () => undefined };
    const settings = readWhatsAppSettings({ PRESIDIO_WHATSAPP_VERIFY_TOKEN: verifyToken, PRESIDIO_WHATSAPP_APP_SECRET: appSecret, PRESIDIO_WHATSAPP_ACCESS_TOKEN: accessToken, PRESIDIO_WHATSAPP_API_URL: platform.url, PRESIDIO_WHATSAPP_PHONE_NUMBER_ID: '106540352242922' })!;
    let now = fixtureEvening();
    const sender = (template: string | null) => createWhatsAppSender({ database: server.database.server, settings: async () => ({ ...settings, template }), log, clock: () => now });
    platform.failNext(1);
    expect(await sender(null).runOnce()).toEqual({ sent: 0, retried: 1, parked: 0 });
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await sender(null).runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    expect(platform.sent.at(-1)).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '393400662095', type: 'text', text: { preview_url: false, body: 'Arriviamo alle 15 per la cassa.' } });
    const row = await server.db.selectFrom('whatsapp_outbox').select(['status', 'kind', 'wamid', 'attempts']).where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', kind: 'text', attempts: 2 });
    // The platform tells what became of it; a late «delivered» never undoes «read».
    const statuses = (list: Array<[string, string]>) => ({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { statuses: list.map(([status, timestamp]) => ({ id: row.wamid, status, timestamp, recipient_id: '393400662095' })) } }] }] });
    await post(statuses([['delivered', '1795453300'], ['read', '1795453400']]));
    await post(statuses([['delivered', '1795453350']]));
    expect((await server.db.selectFrom('whatsapp_outbox').select('status').where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('read');
    // Two days later the window is closed: without a template the reply is parked, with one it goes as the template.
    now = new Date(fixtureEvening().getTime() + 48 * 3_600_000);
    expect((await anna.push([reply('Tutto a posto con la cassa?')])).body.value.results[0]).toMatchObject({ status: 'applied' });
    expect(await sender(null).runOnce()).toEqual({ sent: 0, retried: 0, parked: 1 });
    expect((await server.db.selectFrom('whatsapp_outbox').select('last_error').where('status', '=', 'parked').executeTakeFirstOrThrow()).last_error).toContain('configurare PRESIDIO_WHATSAPP_TEMPLATE');
    expect((await anna.push([reply('Ci scriva se serve ancora aiuto.')])).body.value.results[0]).toMatchObject({ status: 'applied' });
    expect(await sender('risposta_assistenza').runOnce()).toEqual({ sent: 1, retried: 0, parked: 0 });
    expect(platform.sent.at(-1)).toMatchObject({ type: 'template', to: '393400662095', template: { name: 'risposta_assistenza', language: { code: 'it' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ci scriva se serve ancora aiuto.' }] }] } });
  });

  it('refuses half a WhatsApp setup, in Italian', () => {
    expect(readWhatsAppSettings({})).toBeNull();
    expect(() => readWhatsAppSettings({ PRESIDIO_WHATSAPP_APP_SECRET: 'x' })).toThrow('WhatsApp: servono insieme');
    expect(() => readWhatsAppSettings({ PRESIDIO_WHATSAPP_VERIFY_TOKEN: 'v', PRESIDIO_WHATSAPP_APP_SECRET: 'x', PRESIDIO_WHATSAPP_ACCESS_TOKEN: 't' })).toThrow('PRESIDIO_WHATSAPP_PHONE_NUMBER_ID mancante');
  });

  it('an admin sets WhatsApp up in «Canali»: the secrets are sealed (never in clear in the database or the audit), the webhook follows at once', async () => {
    await createUser(server.db, { email: 'admin@test.it', displayName: 'Ada Admin', role: 'admin', password }, testAuthPolicy);
    const admin = await server.loginAs('admin@test.it');
    const lead = await server.loginAs('lead@test.it');
    const input = { phoneNumberId: '999000111', apiUrl: platform.url, template: 'risposta_assistenza', verifyToken: 'nuovo-token-verifica', appSecret: 'nuovo-segreto-app-123', accessToken };
    expect((await server.call('POST', '/admin/channels/whatsapp', input, lead)).body.error?.code).toBe('forbidden');
    expect((await server.call('POST', '/admin/channels/whatsapp', { ...input, appSecret: '' }, admin)).body.error?.message).toBe('La prima volta servono il token di verifica, il segreto dell’app e il token di accesso.');
    expect((await server.call('POST', '/admin/channels/whatsapp', input, admin)).body.value).toEqual({ phoneNumberId: '999000111', apiUrl: platform.url, template: 'risposta_assistenza', configured: true });
    const stored = JSON.stringify([await server.db.selectFrom('channel_settings').selectAll().execute(), await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'channels.whatsapp').execute()]);
    for (const secret of ['nuovo-segreto-app-123', accessToken, 'nuovo-token-verifica']) expect(stored).not.toContain(secret);
    // The platform now signs with the new secret and verifies with the new token; the old ones stop working.
    const raw = JSON.stringify(delivery('393400662095', [{ id: 'wamid.new-secret', type: 'text', text: { body: 'Con il nuovo segreto' } }]));
    const signed = (secret: string) => fetch(`${server.url}/intake/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` }, body: raw });
    expect((await signed(appSecret)).status).toBe(403);
    expect((await signed('nuovo-segreto-app-123')).status).toBe(200);
    expect((await fetch(`${server.url}/intake/whatsapp?hub.mode=subscribe&hub.verify_token=nuovo-token-verifica&hub.challenge=7`)).status).toBe(200);
    expect((await fetch(`${server.url}/intake/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=7`)).status).toBe(403);
    // A later save may leave the secrets empty: the kept ones stay.
    expect((await server.call('POST', '/admin/channels/whatsapp', { phoneNumberId: '999000111', apiUrl: platform.url, template: null }, admin)).body.value.template).toBeNull();
    expect((await signed('nuovo-segreto-app-123')).status).toBe(200);
    expect((await server.call('POST', '/admin/channels', {}, admin)).body.value.whatsApp).toEqual({ phoneNumberId: '999000111', apiUrl: platform.url, template: null });
  });
});
