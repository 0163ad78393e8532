import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { createImapInbox, parseImapUrl, readVoicemailSettings } from '../../../src/server/conversation/imap-inbox.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { startImapServer, type ImapServer } from '../../support/imap-server.ts';
import { silentWav } from '../../support/sample-files.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';
import { recordChanges } from '../../../src/server/sync/change-log.ts';

const wav = silentWav();

/** The PBX's mail: a text part as the preset writes it and the recording attached. */
const voicemailMail = (headers: Record<string, string>, text: string, file = { name: 'msg0001.wav', type: 'audio/x-wav', bytes: wav }) => {
  const boundary = `vm-${newId()}`;
  return [
    ...Object.entries({ 'MIME-Version': '1.0', Date: 'Mon, 23 Nov 2026 18:15:00 +0100', 'Auto-Submitted': 'auto-generated', ...headers }).map(([name, value]) => `${name}: ${value}`),
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${boundary}`,
    `Content-Type: ${file.type}; name="${file.name}"`,
    `Content-Disposition: attachment; filename="${file.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    file.bytes.toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
};
const asteriskText = (number: string, duration: string) =>
  `Dear Assistenza:\n\n\tjust wanted to let you know you were just left a ${duration} long message (number 1)\nin mailbox 100 from "Mario Rossi" <${number}>, on Monday, November 23, 2026 at 06:15:00 PM so you might\nwant to check it when you get a chance.  Thanks!\n\n\t\t\t\t--Asterisk\n`;

describe.each(engineNames)('voicemail through the support mailbox (%s)', (engine) => {
  let server: TestServer;
  let imap: ImapServer;
  const attachments = makeTempDirectory('presidio-voicemail-');
  const readers: Array<ReturnType<typeof createImapInbox>> = [];
  const readOnce = async (preset: 'asterisk' | '3cx') => {
    const reader = createImapInbox({
      location: parseImapUrl(imap.url),
      database: server.database.server,
      settings: { ownAddresses: ['assistenza@presidio.test'], attachmentFolder: attachments.path, voicemail: readVoicemailSettings({ PRESIDIO_VOICEMAIL_FROM: 'centralino@presidio.test', PRESIDIO_VOICEMAIL_PRESET: preset }) },
      log: { info: () => undefined, warn: () => undefined },
      clock: fixtureEvening,
    });
    readers.push(reader);
    const outcomes = await reader.runOnce();
    await reader.stop();
    return outcomes;
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening, attachmentFolder: attachments.path });
    imap = await startImapServer();
    // The customer's phone field as the import left it: two numbers, spaces and dots.
    await server.db.updateTable('customers').set({ phone: '045.4684131 / 340 066 2095' }).where('id', '=', server.customerId).execute();
    // Another customer shares a switchboard number with a third: that number is nobody's for sure.
    const at = new Date().toISOString();
    for (const code of ['S1', 'S2']) await server.db.insertInto('customers').values({ id: newId(), code, name: `Condiviso ${code}`, vat_number: null, email: null, phone: '+39 02 1234567', city: null, created_at: at, updated_at: at }).execute();
    await server.db.transaction().execute((trx) => recordChanges(trx, [{ entity: 'customer', id: server.customerId }], new Date()));
  });
  afterAll(async () => {
    for (const reader of readers) await reader.stop();
    await imap.stop();
    await server.stop();
    attachments.remove();
  });

  it('a voicemail from a known number opens a request on «Segreteria telefonica» with the audio and its duration; unknown, hidden and shared numbers wait for a lead; never twice', async () => {
    const known = voicemailMail({ From: 'Centralino <centralino@presidio.test>', To: 'assistenza@presidio.test', Subject: '[PBX]: New message 1 in mailbox 100', 'Message-ID': '<vm-1@pbx>' }, asteriskText('0039 045 4684131', '0:35'));
    await imap.deliver(known);
    await imap.deliver(known);
    await imap.deliver(voicemailMail({ From: 'centralino@presidio.test', To: 'assistenza@presidio.test', Subject: '[PBX]: New message 2 in mailbox 100', 'Message-ID': '<vm-2@pbx>' }, asteriskText('0612345678', '1:10')));
    await imap.deliver(voicemailMail({ From: 'centralino@presidio.test', To: 'assistenza@presidio.test', Subject: '[PBX]: New message 3 in mailbox 100', 'Message-ID': '<vm-3@pbx>' }, asteriskText('anonymous', '0:05').replace('"Mario Rossi" <anonymous>', '"Unknown" <anonymous>')));
    await imap.deliver(voicemailMail({ From: 'centralino@presidio.test', To: 'assistenza@presidio.test', Subject: '[PBX]: New message 4 in mailbox 100', 'Message-ID': '<vm-4@pbx>' }, asteriskText('02 1234567', '0:20')));
    const outcomes = await readOnce('asterisk');
    expect(outcomes.map((outcome) => [outcome.messageId, outcome.outcome, outcome.reason])).toEqual([
      ['<vm-1@pbx>', 'ticket', null],
      ['<vm-1@pbx>', 'duplicate', null],
      ['<vm-2@pbx>', 'unsorted', 'Numero sconosciuto'],
      ['<vm-3@pbx>', 'unsorted', 'Numero nascosto'],
      ['<vm-4@pbx>', 'unsorted', 'Numero di più clienti'],
    ]);
    const ticket = await server.db.selectFrom('tickets').select(['channel', 'subject', 'customer_id', 'description']).where('id', '=', outcomes[0]!.ticketId!).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ channel: 'voicemail', subject: 'Segreteria: Mario Rossi (+390454684131) (0:35)', customer_id: server.customerId, description: 'Messaggio in segreteria da Mario Rossi (+390454684131), durata 0:35.' });
    const message = await server.db.selectFrom('ticket_messages').select(['source', 'author_name', 'attachments_json']).where('ticket_id', '=', outcomes[0]!.ticketId!).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ source: 'voicemail', author_name: 'Mario Rossi' });
    expect(JSON.parse(message.attachments_json)).toEqual([expect.objectContaining({ name: 'msg0001.wav', mediaType: 'audio/wav', sizeBytes: wav.length })]);
    const waiting = await server.db.selectFrom('unsorted_mail').select(['channel', 'subject']).where('channel', '=', 'voicemail').orderBy('subject').execute();
    expect(waiting.map((row) => row.subject)).toEqual(['Messaggio in segreteria da Mario Rossi (+39021234567)', 'Messaggio in segreteria da Mario Rossi (+390612345678)', 'Messaggio in segreteria da numero nascosto']);
    // A lead files the unknown number's voicemail: the request opens on the voicemail channel.
    const lead = await server.loginAs('lead@test.it');
    const list = await server.call('POST', '/conversation/unsorted', {}, lead);
    const unknown = list.body.value.mails.find((mail: { subject: string }) => mail.subject.includes('0612345678'));
    const filed = await server.call('POST', '/conversation/unsorted/file', { id: unknown.id, customerId: server.customerId }, lead);
    expect((await server.db.selectFrom('tickets').select('channel').where('id', '=', filed.body.value.ticketId).executeTakeFirstOrThrow()).channel).toBe('voicemail');
  });

  it('reads 3CX’s notification too, and a mobile number written the Italian way', async () => {
    await imap.deliver(voicemailMail({ From: 'centralino@presidio.test', To: 'assistenza@presidio.test', Subject: 'New Voicemail from Mario Rossi (340 0662095)', 'Message-ID': '<vm-3cx@pbx>' }, 'You have received a new voicemail.\nDuration: 00:01:05\n', { name: 'vmail.mp3', type: 'audio/mpeg', bytes: Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.alloc(200)]) }));
    const [outcome] = await readOnce('3cx');
    expect(outcome).toMatchObject({ outcome: 'ticket' });
    const ticket = await server.db.selectFrom('tickets').select(['channel', 'subject']).where('id', '=', outcome!.ticketId!).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ channel: 'voicemail', subject: 'Segreteria: Mario Rossi (+393400662095) (1:05)' });
  });

  it('refuses a voicemail setting it cannot use, in Italian', () => {
    expect(readVoicemailSettings({})).toBeNull();
    expect(() => readVoicemailSettings({ PRESIDIO_VOICEMAIL_FROM: 'centralino' })).toThrow('PRESIDIO_VOICEMAIL_FROM non valido');
    expect(() => readVoicemailSettings({ PRESIDIO_VOICEMAIL_FROM: 'c@p.it', PRESIDIO_VOICEMAIL_PRESET: 'panasonic' })).toThrow('PRESIDIO_VOICEMAIL_PRESET non valido: usa asterisk oppure 3cx.');
  });
});
