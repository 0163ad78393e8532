import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWhatsAppSettings } from '../../../src/server/channels/whatsapp.service.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
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
      whatsApp: readWhatsAppSettings({ PRESIDIO_WHATSAPP_VERIFY_TOKEN: verifyToken, PRESIDIO_WHATSAPP_APP_SECRET: appSecret, PRESIDIO_WHATSAPP_ACCESS_TOKEN: accessToken, PRESIDIO_WHATSAPP_API_URL: platform.url }),
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

  it('refuses half a WhatsApp setup, in Italian', () => {
    expect(readWhatsAppSettings({})).toBeNull();
    expect(() => readWhatsAppSettings({ PRESIDIO_WHATSAPP_APP_SECRET: 'x' })).toThrow('WhatsApp: servono insieme');
  });
});
