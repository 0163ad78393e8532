import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { automatedMailReason, outboxIdsReferenced, requestNumbersInSubject, splitQuotedReply } from '../../shared/conversation/inbound-rules.ts';
import { attachmentProblem, cleanAttachmentName, isAudioType } from '../../shared/conversation/attachment-types.ts';
import { formatVoicemailDuration, readVoicemail, type VoicemailPreset } from '../../shared/conversation/voicemail.ts';
import { normalizePhone } from '../../shared/phone/phone-number.ts';
import { customersWithPhone } from '../customers/customer-phone.repository.ts';
import { messageBodyMaxLength, type AttachmentRef } from '../../shared/conversation/ticket-message.ts';
import { newId } from '../../shared/ids.ts';
import { ticketDescriptionMaxLength } from '../../shared/model/ticket-limits.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import { defaultTimePolicy, type TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServerDb } from '../db/server-database.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { intakeActor } from '../intake/intake-actor.ts';
import { recordChanges } from '../sync/change-log.ts';
import { storeAttachment } from './attachment-store.ts';
import { writeCustomerMessage } from './conversation.service.ts';
import type { Transaction } from 'kysely';

type Trx = Transaction<ServerDatabase>;

export type InboundOutcome = { outcome: 'message' | 'ticket' | 'unsorted' | 'ignored' | 'duplicate'; ticketId: string | null; reason: string | null; messageId: string };

export type InboundSettings = {
  /** The support mailbox's own addresses: a mail from them is never filed (no loops). */
  ownAddresses: readonly string[];
  attachmentFolder: string;
  timePolicy?: TimePolicy;
  /** The PBX that mails each voicemail (its sender address) and how its notification reads. */
  voicemail?: { sender: string; preset: VoicemailPreset } | null;
};

/** A header as it was written (mailparser turns some into objects: `Return-Path: <>` must stay `<>`). */
const headerText = (mail: ParsedMail, name: string): string | null => {
  const line = mail.headerLines.find((header) => header.key === name)?.line;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).replaceAll(/\r?\n[\t ]+/g, ' ').trim();
};

const firstAddress = (from: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null => {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const entry of list) for (const item of entry.value) if (item.address) return { address: item.address.trim().toLowerCase(), name: item.name?.trim() || item.address.trim() };
  return null;
};

/** Plain text of the mail: mailparser gives the text part, or the HTML turned into text when there is only that. */
const plainText = (mail: ParsedMail): string => mail.text ?? '';

/** Who at which customer an address is: a portal contact first, else a customer's own address. */
const senderOf = async (trx: Trx, address: string): Promise<{ customerId: string; contactId: string | null } | null> => {
  const contact = await trx.selectFrom('customer_contacts').select(['id', 'customer_id']).where('email', '=', address).where('disabled', '=', 0).orderBy('created_at').executeTakeFirst();
  if (contact) return { customerId: contact.customer_id, contactId: contact.id };
  const customer = await trx.selectFrom('customers').select('id').where('email', '=', address).orderBy('code').executeTakeFirst();
  return customer ? { customerId: customer.id, contactId: null } : null;
};

/** The request a reply is about: one of our mails it answers, else a number its subject names; only among the sender's customer's requests. */
const requestOf = async (trx: Trx, mail: ParsedMail, customerId: string): Promise<string | null> => {
  const references = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
  const outboxIds = outboxIdsReferenced(references);
  if (outboxIds.length > 0) {
    const sent = await trx.selectFrom('mail_outbox').innerJoin('tickets', 'tickets.id', 'mail_outbox.ticket_id').select('tickets.id').where('mail_outbox.id', 'in', outboxIds).where('tickets.customer_id', '=', customerId).executeTakeFirst();
    if (sent) return sent.id;
  }
  const numbers = requestNumbersInSubject(mail.subject ?? '');
  if (numbers.length === 0) return null;
  const named = await trx.selectFrom('tickets').select('id').where('number', 'in', numbers).where('customer_id', '=', customerId).executeTakeFirst();
  return named?.id ?? null;
};

/**
 * A voicemail: the caller's number (canonical) names the customer whose phone field holds it; a
 * request opens on channel «Segreteria telefonica» with the audio in its thread and the duration
 * said. An unknown, hidden or shared number waits «da smistare» with the audio, for a lead.
 */
const fileVoicemail = async (
  trx: Trx,
  input: { mail: ParsedMail; text: string; attachments: AttachmentRef[]; refused: string[]; messageId: string; preset: VoicemailPreset; at: string; now: Date; timePolicy: TimePolicy },
): Promise<{ outcome: 'ticket' | 'unsorted'; ticketId: string | null; reason: string | null }> => {
  const notice = readVoicemail(input.preset, input.mail.subject ?? '', input.text);
  const number = notice.callerNumber ? normalizePhone(notice.callerNumber) : null;
  const caller = notice.callerName ? `${notice.callerName} (${number ?? notice.callerNumber ?? 'numero nascosto'})` : (number ?? 'numero nascosto');
  const duration = formatVoicemailDuration(notice.durationSeconds);
  const audio = input.attachments.filter((attachment) => isAudioType(attachment.mediaType));
  const body = [`Messaggio in segreteria da ${caller}, durata ${duration}.`, ...(audio.length === 0 ? ['(La registrazione non era allegata.)'] : []), ...input.refused.map((problem) => `[Allegato non accettato: ${problem}]`)].join('\n');
  const customers = number ? await customersWithPhone(trx, number) : [];
  const customer = customers.length === 1 ? customers[0] : undefined;
  if (!customer) {
    await trx
      .insertInto('unsorted_mail')
      .values({
        id: newId(),
        message_id: input.messageId,
        sender: input.mail.from?.value[0]?.address?.toLowerCase() ?? 'segreteria',
        sender_name: `Segreteria: ${caller}`,
        subject: `Messaggio in segreteria da ${caller}`.slice(0, 200),
        body,
        quoted: null,
        attachments_json: JSON.stringify(audio),
        received_at: input.at,
        filed_ticket_id: null,
        filed_by: null,
        filed_at: null,
        channel: 'voicemail',
      })
      .execute();
    return { outcome: 'unsorted', ticketId: null, reason: customers.length > 1 ? 'Numero di più clienti' : number ? 'Numero sconosciuto' : 'Numero nascosto' };
  }
  const id = newId();
  const parsed = parseCommand('ticket.create', {
    id,
    number: `V-${input.at.slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`,
    customerId: customer.id,
    channel: 'voicemail',
    subject: `Segreteria: ${caller} (${duration})`.slice(0, 200),
    description: body,
    priority: 'P3',
    blocking: false,
    openedAt: input.at,
  });
  if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
  await recordChanges(trx, await executeCommand(trx, intakeActor, parsed.command, input.now, input.timePolicy), input.now);
  await writeCustomerMessage(
    trx,
    { ticketId: id, customerId: customer.id, contactId: null, authorName: notice.callerName ?? number ?? 'Segreteria', source: 'voicemail', body, quoted: null, attachments: audio, mailMessageId: input.messageId, followUpChannel: 'voicemail' },
    input.now,
    input.timePolicy,
  );
  return { outcome: 'ticket', ticketId: id, reason: null };
};

/**
 * Files one mail of the support mailbox, in one transaction: a reply to a request becomes the
 * customer's message on it (its files kept like the portal's), a new mail from a known address
 * opens a request on channel «E-mail», a stranger's waits «da smistare» for a lead. Never twice
 * (its Message-ID is recorded first, so two readers of the mailbox race on a key, not on the
 * ticket), never a machine's (no loops). What was not kept (a file of another kind) is said in
 * the message.
 */
export const fileInboundMail = async (database: ServerDb, raw: Buffer, settings: InboundSettings, now: Date): Promise<InboundOutcome> => {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const messageId = (mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@presidio.inbound>`).slice(0, 300);
  const sender = firstAddress(mail.from);
  const at = now.toISOString();
  const { db } = database;
  if (await db.selectFrom('inbound_mail').select('message_id').where('message_id', '=', messageId).executeTakeFirst()) return { outcome: 'duplicate', ticketId: null, reason: null, messageId };
  const isVoicemail = sender !== null && settings.voicemail?.sender.trim().toLowerCase() === sender.address;
  // The PBX's mails are machines' by nature (some say Auto-Submitted): they are read as voicemail, never ignored.
  const automated = isVoicemail
    ? null
    : sender
    ? automatedMailReason(
        {
          from: sender.address,
          subject: mail.subject ?? '',
          autoSubmitted: headerText(mail, 'auto-submitted'),
          precedence: headerText(mail, 'precedence'),
          autoResponseSuppress: headerText(mail, 'x-auto-response-suppress'),
          returnPath: headerText(mail, 'return-path'),
          contentType: headerText(mail, 'content-type') ?? 'text/plain',
          listId: headerText(mail, 'list-id'),
        },
        settings.ownAddresses,
      )
    : 'Mittente mancante';
  // Files are kept before the transaction (content-addressed: a rolled-back mail leaves at most an unreferenced file).
  const attachments: AttachmentRef[] = [];
  const refused: string[] = [];
  if (!automated) {
    for (const file of mail.attachments) {
      const name = cleanAttachmentName(file.filename ?? 'allegato');
      if (file.related) continue; // an image inside the HTML (a signature's logo), not a file the customer sent
      const problem = attachmentProblem(file.content, name);
      if (problem) refused.push(problem);
      else attachments.push(await storeAttachment(db, settings.attachmentFolder, { bytes: file.content, name }, now));
    }
  }
  const { body, quoted } = splitQuotedReply(plainText(mail));
  const text = [body || (attachments.length > 0 ? '(allegati senza testo)' : '(messaggio vuoto)'), ...refused.map((problem) => `[Allegato non accettato: ${problem}]`)].join('\n\n').slice(0, messageBodyMaxLength);
  try {
    return await db.transaction().execute(async (trx) => {
      const record = (outcome: InboundOutcome['outcome'] & ServerDatabase['inbound_mail']['outcome'], ticketId: string | null, reason: string | null) =>
        trx.insertInto('inbound_mail').values({ message_id: messageId, received_at: at, sender: sender?.address ?? '', outcome, ticket_id: ticketId, reason }).execute();
      if (automated || !sender) {
        await record('ignored', null, automated);
        return { outcome: 'ignored' as const, ticketId: null, reason: automated, messageId };
      }
      // Recorded first: a second reader of the same mail stops here on the key.
      await record('unsorted', null, null);
      if (isVoicemail && settings.voicemail) {
        const filed = await fileVoicemail(trx, { mail, text: plainText(mail), attachments, refused, messageId, preset: settings.voicemail.preset, at, now, timePolicy: settings.timePolicy ?? defaultTimePolicy });
        await trx.updateTable('inbound_mail').set({ outcome: filed.outcome, ticket_id: filed.ticketId, reason: filed.reason }).where('message_id', '=', messageId).execute();
        return { outcome: filed.outcome, ticketId: filed.ticketId, reason: filed.reason, messageId };
      }
      const known = await senderOf(trx, sender.address);
      const timePolicy = settings.timePolicy ?? defaultTimePolicy;
      const subject = (mail.subject ?? '').trim() || '(senza oggetto)';
      const ticketId = known ? await requestOf(trx, mail, known.customerId) : null;
      if (known && ticketId) {
        const written = await writeCustomerMessage(
          trx,
          { ticketId, customerId: known.customerId, contactId: known.contactId, authorName: sender.name, source: 'email', body: text, quoted: quoted?.slice(0, 50_000) ?? null, attachments, mailMessageId: messageId, followUpChannel: 'email' },
          now,
          timePolicy,
        );
        await trx.updateTable('inbound_mail').set({ outcome: 'message', ticket_id: written.ticketId, reason: written.outcome === 'written' ? null : written.outcome }).where('message_id', '=', messageId).execute();
        return { outcome: 'message' as const, ticketId: written.ticketId, reason: null, messageId };
      }
      if (known) {
        const id = newId();
        const parsed = parseCommand('ticket.create', {
          id,
          number: `E-${at.slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`,
          customerId: known.customerId,
          channel: 'email',
          subject: subject.slice(0, 200),
          description: `${text.slice(0, ticketDescriptionMaxLength)}\n\n— Richiesta per e-mail da ${sender.name} <${sender.address}>`,
          priority: 'P3',
          blocking: false,
          openedAt: at,
        });
        if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
        await recordChanges(trx, await executeCommand(trx, intakeActor, parsed.command, now, timePolicy), now);
        if (attachments.length > 0 || quoted) {
          await writeCustomerMessage(
            trx,
            { ticketId: id, customerId: known.customerId, contactId: known.contactId, authorName: sender.name, source: 'email', body: text, quoted, attachments, mailMessageId: messageId, followUpChannel: 'email' },
            now,
            timePolicy,
          );
        }
        await trx.updateTable('inbound_mail').set({ outcome: 'ticket', ticket_id: id }).where('message_id', '=', messageId).execute();
        return { outcome: 'ticket' as const, ticketId: id, reason: null, messageId };
      }
      await trx
        .insertInto('unsorted_mail')
        .values({
          id: newId(),
          message_id: messageId,
          sender: sender.address,
          sender_name: sender.name,
          subject: subject.slice(0, 200),
          body: text,
          quoted,
          attachments_json: JSON.stringify(attachments),
          received_at: at,
          filed_ticket_id: null,
          filed_by: null,
          filed_at: null,
        })
        .execute();
      return { outcome: 'unsorted' as const, ticketId: null, reason: 'Mittente sconosciuto', messageId };
    });
  } catch (error) {
    // Another reader filed the same mail at the same moment: it is filed once.
    if (isUniqueViolation(error)) return { outcome: 'duplicate', ticketId: null, reason: null, messageId };
    throw error;
  }
};
