import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { createImapInbox, parseImapUrl } from '../../../src/server/conversation/imap-inbox.ts';
import { outboxMessageId } from '../../../src/server/mail/mail-worker.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';
import { startImapServer, type ImapServer } from '../../support/imap-server.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const base = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const silent = { info: () => undefined, warn: () => undefined };

/** A real MIME message as a mail client writes it (multipart with files when given). */
const mime = (headers: Record<string, string>, text: string, files: Array<{ name: string; type: string; bytes: Buffer }> = []) => {
  const head = Object.entries({ 'MIME-Version': '1.0', Date: 'Mon, 23 Nov 2026 18:00:00 +0100', ...headers }).map(([name, value]) => `${name}: ${value}`);
  if (files.length === 0) return [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n');
  const boundary = `b-${newId()}`;
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    ...files.flatMap((file) => [`--${boundary}`, `Content-Type: ${file.type}; name="${file.name}"`, `Content-Disposition: attachment; filename="${file.name}"`, 'Content-Transfer-Encoding: base64', '', file.bytes.toString('base64')]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
};

describe.each(engineNames)('inbound mail through a real IMAP server (%s)', (engine) => {
  let server: TestServer;
  let imap: ImapServer;
  const attachments = makeTempDirectory('presidio-inbound-attachments-');
  const ticketId = newId();
  let replyMailId = '';
  // Readers stay connected and idle (a new mail wakes them): each test stops its own.
  const readers: Array<ReturnType<typeof createImapInbox>> = [];
  const stopReaders = async () => {
    for (const reader of readers.splice(0)) await reader.stop();
  };
  const inboxFor = () => {
    const reader = createImapInbox({
      location: parseImapUrl(imap.url),
      database: server.database.server,
      settings: { ownAddresses: ['assistenza@presidio.test'], attachmentFolder: attachments.path },
      log: silent,
      clock: fixtureEvening,
      pollMs: 200,
    });
    readers.push(reader);
    return reader;
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening, attachmentFolder: attachments.path });
    imap = await startImapServer();
    const anna = await server.consoleFor('anna@test.it');
    const pushed = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: 'IN-1', customerId: server.customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: at(0) }),
      anna.command('ticket.message', { id: newId(), ticketId, visibility: 'public', body: 'Abbiamo ordinato il toner.', writtenAt: at(10) }),
    ]);
    expect(pushed.body.value.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied']);
    replyMailId = (await server.db.selectFrom('mail_outbox').select('id').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await imap.stop();
    await server.stop();
    attachments.remove();
  });

  it('files replies, new requests and strangers’ mail; machines’ mail is left alone; nothing twice', async () => {
    const reply = mime(
      { From: 'Mario Rossi <rossi@test.it>', To: 'assistenza@presidio.test', Subject: 'Re: [IN-1] Stampante', 'Message-ID': '<reply-1@rossi.test>', 'In-Reply-To': outboxMessageId(replyMailId), References: outboxMessageId(replyMailId) },
      'Arrivato, grazie! Ecco la foto.\n\nIl giorno lun 23 nov 2026 alle 10:10 Assistenza <assistenza@presidio.test> ha scritto:\n> Abbiamo ordinato il toner.',
      [
        { name: 'spia.png', type: 'image/png', bytes: png },
        { name: 'setup.exe', type: 'application/octet-stream', bytes: Buffer.from('MZ\u0090\u0000 programma') },
      ],
    );
    await imap.deliver(reply);
    await imap.deliver(reply);
    await imap.deliver(mime({ From: 'rossi@test.it', To: 'assistenza@presidio.test', Subject: 'Fuori ufficio', 'Message-ID': '<ooo@rossi.test>', 'Auto-Submitted': 'auto-replied' }, 'Sono in ferie fino al 30.'));
    await imap.deliver(mime({ From: 'MAILER-DAEMON@mx.test', To: 'assistenza@presidio.test', Subject: 'Undelivered Mail', 'Message-ID': '<bounce@mx.test>', 'Return-Path': '<>' }, 'Delivery failed'));
    await imap.deliver(mime({ From: 'Assistenza <assistenza@presidio.test>', To: 'assistenza@presidio.test', Subject: '[IN-1] Stampante', 'Message-ID': '<loop@presidio.test>' }, 'Il nostro stesso messaggio'));
    await imap.deliver(mime({ From: 'Mario Rossi <rossi@test.it>', To: 'assistenza@presidio.test', Subject: 'Il POS non stampa', 'Message-ID': '<new-1@rossi.test>' }, 'Da stamattina il POS non stampa lo scontrino.'));
    await imap.deliver(mime({ From: 'Sconosciuto <chi@altrove.test>', To: 'assistenza@presidio.test', Subject: '[IN-1] Voglio entrare', 'Message-ID': '<stranger@altrove.test>' }, 'Un testo'));

    const outcomes = await inboxFor().runOnce();
    expect(outcomes.map((outcome) => [outcome.messageId, outcome.outcome, outcome.reason])).toEqual([
      ['<reply-1@rossi.test>', 'message', null],
      ['<reply-1@rossi.test>', 'duplicate', null],
      ['<ooo@rossi.test>', 'ignored', 'Risposta automatica (Auto-Submitted: auto-replied)'],
      ['<bounce@mx.test>', 'ignored', 'Notifica di mancato recapito'],
      ['<loop@presidio.test>', 'ignored', 'Inviato dalla stessa casella dell’assistenza'],
      ['<new-1@rossi.test>', 'ticket', null],
      ['<stranger@altrove.test>', 'unsorted', 'Mittente sconosciuto'],
    ]);
    expect(await imap.counts()).toEqual({ messages: 7, unseen: 0 });

    const messages = await server.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId).where('author_kind', '=', 'customer').execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ source: 'email', author_name: 'Mario Rossi', visibility: 'public', mail_message_id: '<reply-1@rossi.test>' });
    expect(messages[0]?.body).toBe('Arrivato, grazie! Ecco la foto.\n\n[Allegato non accettato: «setup.exe» non è un’immagine, un PDF o un audio: non può essere allegato.]');
    expect(messages[0]?.quoted).toContain('> Abbiamo ordinato il toner.');
    expect(JSON.parse(messages[0]?.attachments_json ?? '[]')).toEqual([expect.objectContaining({ name: 'spia.png', mediaType: 'image/png', sizeBytes: png.length })]);
    // The consoles get it at their next pull.
    const change = await server.db.selectFrom('sync_changes').select('data').where('entity', '=', 'ticket_message').where('entity_id', '=', messages[0]!.id).executeTakeFirstOrThrow();
    expect(JSON.parse(change.data ?? '{}')).toMatchObject({ ticketId, source: 'email' });

    const opened = await server.db.selectFrom('tickets').select(['channel', 'subject', 'description', 'status']).where('channel', '=', 'email').execute();
    expect(opened).toEqual([{ channel: 'email', subject: 'Il POS non stampa', description: 'Da stamattina il POS non stampa lo scontrino.\n\n— Richiesta per e-mail da Mario Rossi <rossi@test.it>', status: 'open' }]);
    expect(await server.db.selectFrom('unsorted_mail').select(['sender', 'subject', 'filed_ticket_id']).execute()).toEqual([{ sender: 'chi@altrove.test', subject: '[IN-1] Voglio entrare', filed_ticket_id: null }]);

    // Read again from the start (flags lost, a second process): nothing is filed twice.
    await imap.markAllUnread();
    const again = await inboxFor().runOnce();
    expect(new Set(again.map((outcome) => outcome.outcome))).toEqual(new Set(['duplicate']));
    expect(await server.db.selectFrom('ticket_messages').select('id').where('mail_message_id', 'is not', null).execute()).toHaveLength(1);
    expect(await server.db.selectFrom('tickets').select('id').where('channel', '=', 'email').execute()).toHaveLength(1);
    await stopReaders();
  });

  it('a lead files a stranger’s mail to a customer (a request in their name, audited); a technician cannot; a decided mail is not decided twice', async () => {
    const lead = await server.loginAs('lead@test.it');
    const anna = await server.loginAs('anna@test.it');
    expect((await server.call('POST', '/conversation/unsorted', {}, anna)).body.error?.code).toBe('forbidden');
    const listed = await server.call('POST', '/conversation/unsorted', {}, lead);
    const [mail] = listed.body.value.mails;
    expect(mail).toMatchObject({ sender: 'chi@altrove.test', senderName: 'Sconosciuto', subject: '[IN-1] Voglio entrare' });
    const filed = await server.call('POST', '/conversation/unsorted/file', { id: mail.id, customerId: server.customerId }, lead);
    expect(filed.body.value.ticketNumber).toMatch(/^E-\d{6}-[0-9A-F]{6}$/);
    const ticket = await server.db.selectFrom('tickets').select(['channel', 'customer_id', 'created_by']).where('id', '=', filed.body.value.ticketId).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ channel: 'email', customer_id: server.customerId, created_by: server.users.lead });
    expect((await server.call('POST', '/conversation/unsorted/file', { id: mail.id, customerId: server.customerId }, lead)).body.error?.message).toBe('Questa e-mail è già stata smistata da un collega.');
    expect((await server.call('POST', '/conversation/unsorted', {}, lead)).body.value.mails).toEqual([]);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', mail.id).execute();
    expect(audit).toEqual([{ action: 'mail.file', actor_id: server.users.lead }]);

    await imap.deliver(mime({ From: 'Offerte <promo@spam.test>', To: 'assistenza@presidio.test', Subject: 'Offerta imperdibile', 'Message-ID': '<spam@spam.test>' }, 'Compra ora'));
    await inboxFor().runOnce();
    await stopReaders();
    const [spam] = (await server.call('POST', '/conversation/unsorted', {}, lead)).body.value.mails;
    expect((await server.call('POST', '/conversation/unsorted/discard', { id: spam.id, reason: '' }, lead)).body.error?.code).toBe('invalid_argument');
    expect((await server.call('POST', '/conversation/unsorted/discard', { id: spam.id, reason: 'Pubblicità' }, lead)).body.ok).toBe(true);
    expect((await server.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', spam.id).execute())).toEqual([{ action: 'mail.discard', reason: 'Pubblicità' }]);
  });

  it('two readers of the mailbox at once file each mail once', async () => {
    for (let index = 0; index < 6; index++)
      await imap.deliver(mime({ From: 'Mario Rossi <rossi@test.it>', To: 'assistenza@presidio.test', Subject: `Re: [IN-1] Stampante ${index}`, 'Message-ID': `<race-${index}@rossi.test>` }, `Aggiornamento ${index}`));
    const [first, second] = await Promise.all([inboxFor().runOnce(), inboxFor().runOnce()]);
    await stopReaders();
    const filed = [...first!, ...second!].filter((outcome) => outcome.outcome === 'message');
    expect(filed.map((outcome) => outcome.messageId).sort()).toEqual([0, 1, 2, 3, 4, 5].map((index) => `<race-${index}@rossi.test>`));
    const rows = await server.db.selectFrom('ticket_messages').select('mail_message_id').where('mail_message_id', 'like', '<race-%').execute();
    expect(rows).toHaveLength(6);
  });

  it('a server without IDLE is polled: a mail that arrives later is filed by the running reader', async () => {
    const plain = await startImapServer({ idle: false });
    const inbox = createImapInbox({ location: parseImapUrl(plain.url), database: server.database.server, settings: { ownAddresses: [], attachmentFolder: attachments.path }, log: silent, clock: fixtureEvening, pollMs: 200 });
    try {
      inbox.start();
      await plain.deliver(mime({ From: 'Mario Rossi <rossi@test.it>', To: 'assistenza@presidio.test', Subject: 'Re: [IN-1] Stampante', 'Message-ID': '<polled@rossi.test>' }, 'Arrivato dopo'));
      await expect.poll(async () => (await server.db.selectFrom('ticket_messages').select('id').where('mail_message_id', '=', '<polled@rossi.test>').execute()).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await inbox.stop();
      await plain.stop();
    }
  });

  it('refuses an IMAP address it cannot use, in Italian', () => {
    expect(() => parseImapUrl('http://mail.test')).toThrow('PRESIDIO_IMAP_URL non valido: deve iniziare con imaps:// oppure imap://');
    expect(parseImapUrl('imaps://assistenza%40ditta.it:p%40ss@mail.ditta.it/Assistenza')).toEqual({ host: 'mail.ditta.it', port: 993, secure: true, user: 'assistenza@ditta.it', password: 'p@ss', mailbox: 'Assistenza' });
  });
});
