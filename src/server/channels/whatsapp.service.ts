import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { messagesOf, whatsAppContent, whatsAppThreadDays, type WhatsAppWebhook } from '../../shared/channels/whatsapp-webhook.ts';
import type { AttachmentRef } from '../../shared/conversation/ticket-message.ts';
import { newId } from '../../shared/ids.ts';
import { normalizeWhatsAppId } from '../../shared/phone/phone-number.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import { defaultTimePolicy, type TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { storeAttachment } from '../conversation/attachment-store.ts';
import { writeCustomerMessage } from '../conversation/conversation.service.ts';
import { customersWithPhone } from '../customers/customer-phone.repository.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServerDb } from '../db/server-database.ts';
import { intakeActor } from '../intake/intake-actor.ts';
import { recordChanges } from '../sync/change-log.ts';
import { recordWhatsAppStatus } from './whatsapp-outbox.ts';

/**
 * `verifyTokenHash`: only the SHA-256 of the verify token (it authenticates the platform to us);
 * `phoneNumberId`: the business number replies go out from; `template`: the approved template for
 * replies after 24 hours (null: none).
 */
export type WhatsAppSettings = { verifyTokenHash: string; appSecret: string; accessToken: string; apiUrl: string; phoneNumberId: string; template: string | null };

export const hashVerifyToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The handshake's token against the kept hash, in constant time. */
export const verifyTokenMatches = (settings: WhatsAppSettings, given: string | undefined): boolean => {
  if (!given) return false;
  const left = Buffer.from(hashVerifyToken(given), 'hex');
  const right = Buffer.from(settings.verifyTokenHash, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The first setup from the environment: `PRESIDIO_WHATSAPP_VERIFY_TOKEN`, `…_APP_SECRET`,
 * `…_ACCESS_TOKEN` (all or none) and `PRESIDIO_WHATSAPP_API_URL` (the platform's base URL; the
 * tests point it at a local fake speaking the documented payloads). Refused in Italian when half set.
 */
export const readWhatsAppSettings = (env: Record<string, string | undefined>): WhatsAppSettings | null => {
  const verifyToken = env['PRESIDIO_WHATSAPP_VERIFY_TOKEN']?.trim() ?? '';
  const appSecret = env['PRESIDIO_WHATSAPP_APP_SECRET']?.trim() ?? '';
  const accessToken = env['PRESIDIO_WHATSAPP_ACCESS_TOKEN']?.trim() ?? '';
  if (!verifyToken && !appSecret && !accessToken) return null;
  if (!verifyToken || !appSecret || !accessToken) throw new Error('WhatsApp: servono insieme PRESIDIO_WHATSAPP_VERIFY_TOKEN, PRESIDIO_WHATSAPP_APP_SECRET e PRESIDIO_WHATSAPP_ACCESS_TOKEN.');
  const apiUrl = (env['PRESIDIO_WHATSAPP_API_URL']?.trim() || 'https://graph.facebook.com/v21.0').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(apiUrl)) throw new Error('PRESIDIO_WHATSAPP_API_URL non valido: usa https://graph.facebook.com/v21.0');
  const phoneNumberId = env['PRESIDIO_WHATSAPP_PHONE_NUMBER_ID']?.trim() ?? '';
  if (!/^\d{5,30}$/.test(phoneNumberId)) throw new Error('PRESIDIO_WHATSAPP_PHONE_NUMBER_ID mancante o non valido: è l’identificativo del numero WhatsApp Business (solo cifre).');
  const template = env['PRESIDIO_WHATSAPP_TEMPLATE']?.trim() || null;
  return { verifyTokenHash: hashVerifyToken(verifyToken), appSecret, accessToken, apiUrl, phoneNumberId, template };
};

/** `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
export const checkWhatsAppSignature = (rawBody: Buffer, header: string | undefined, appSecret: string): 'missing' | 'wrong' | 'ok' => {
  if (!header) return 'missing';
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (!given) return 'wrong';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const received = Buffer.from(given, 'hex');
  return received.length === expected.length && timingSafeEqual(received, expected) ? 'ok' : 'wrong';
};

/** A message's file from the platform: its URL first (`GET /<media-id>`), then the bytes, both with the access token. */
const downloadMedia = async (settings: WhatsAppSettings, mediaId: string, doFetch: typeof fetch): Promise<Buffer> => {
  const headers = { authorization: `Bearer ${settings.accessToken}` };
  const described = await doFetch(`${settings.apiUrl}/${encodeURIComponent(mediaId)}`, { headers, signal: AbortSignal.timeout(30_000) });
  if (!described.ok) throw new AppFailure('unavailable', `WhatsApp: descrizione del file non ottenuta (HTTP ${described.status}).`);
  const { url } = (await described.json()) as { url?: unknown };
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new AppFailure('unavailable', 'WhatsApp: indirizzo del file mancante.');
  const file = await doFetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  if (!file.ok) throw new AppFailure('unavailable', `WhatsApp: file non scaricato (HTTP ${file.status}).`);
  return Buffer.from(await file.arrayBuffer());
};

export type WhatsAppOutcome = { messageId: string; outcome: 'message' | 'ticket' | 'unsorted' | 'duplicate'; ticketId: string | null };

/**
 * Files a webhook delivery's messages. Each WhatsApp message id is recorded first (`inbound_mail`,
 * key `whatsapp:<id>`): a delivery the platform retries, or two API processes receiving it, file
 * it once. The sender's number names the customer whose phone field holds it: the message joins
 * their open WhatsApp request of the last days, or opens one; an unknown number waits «da
 * smistare». A file is downloaded once, before the transaction (a failed download answers an
 * error: the platform retries later, nothing half-written).
 */
export const receiveWhatsApp = async (
  database: ServerDb,
  settings: WhatsAppSettings,
  payload: WhatsAppWebhook,
  options: { now: Date; attachmentFolder: string; fetch?: typeof fetch; timePolicy?: TimePolicy },
): Promise<WhatsAppOutcome[]> => {
  const { db } = database;
  const outcomes: WhatsAppOutcome[] = [];
  const at = options.now.toISOString();
  for (const entry of payload.entry) for (const change of entry.changes) for (const status of change.value.statuses ?? []) await recordWhatsAppStatus(db, status);
  for (const { message, profileName } of messagesOf(payload)) {
    const key = `whatsapp:${message.id}`;
    if (await db.selectFrom('inbound_mail').select('message_id').where('message_id', '=', key).executeTakeFirst()) {
      outcomes.push({ messageId: message.id, outcome: 'duplicate', ticketId: null });
      continue;
    }
    const content = whatsAppContent(message);
    const attachments: AttachmentRef[] = [];
    const notes: string[] = [];
    if (content.media) {
      const bytes = await downloadMedia(settings, content.media.id, options.fetch ?? fetch);
      try {
        attachments.push(await storeAttachment(db, options.attachmentFolder, { bytes, name: content.media.filename }, options.now));
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
        notes.push(`[Allegato non accettato: ${error.message}]`);
      }
    }
    const number = normalizeWhatsAppId(message.from);
    const caller = profileName ? `${profileName} (${number ?? message.from})` : (number ?? message.from);
    const text = [content.text.trim() || (attachments.length > 0 ? '(allegato senza testo)' : '(messaggio vuoto)'), ...notes].join('\n\n');
    const timePolicy = options.timePolicy ?? defaultTimePolicy;
    try {
      outcomes.push(
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('inbound_mail').values({ message_id: key, received_at: at, sender: number ?? message.from, outcome: 'unsorted', ticket_id: null, reason: null }).execute();
          const customers = number ? await customersWithPhone(trx, number) : [];
          const customer = customers.length === 1 ? customers[0] : undefined;
          if (!customer) {
            await trx
              .insertInto('unsorted_mail')
              .values({ id: newId(), message_id: key, sender: number ?? message.from, sender_name: profileName, subject: `Messaggio WhatsApp da ${caller}`.slice(0, 200), body: text, quoted: null, attachments_json: JSON.stringify(attachments), received_at: at, filed_ticket_id: null, filed_by: null, filed_at: null, channel: 'whatsapp' })
              .execute();
            await trx.updateTable('inbound_mail').set({ reason: customers.length > 1 ? 'Numero di più clienti' : 'Numero sconosciuto' }).where('message_id', '=', key).execute();
            return { messageId: message.id, outcome: 'unsorted' as const, ticketId: null };
          }
          const since = new Date(options.now.getTime() - whatsAppThreadDays * 86_400_000).toISOString();
          const open = await trx
            .selectFrom('tickets')
            .select('id')
            .where('customer_id', '=', customer.id)
            .where('channel', '=', 'whatsapp')
            .where('status', '!=', 'closed')
            .where('opened_at', '>=', since)
            .orderBy('opened_at', 'desc')
            .limit(1)
            .executeTakeFirst();
          let ticketId = open?.id ?? null;
          let outcome: 'message' | 'ticket' = 'message';
          if (!ticketId) {
            ticketId = newId();
            outcome = 'ticket';
            const parsed = parseCommand('ticket.create', {
              id: ticketId,
              number: `WA-${at.slice(2, 10).replaceAll('-', '')}-${ticketId.replaceAll('-', '').slice(-6).toUpperCase()}`,
              customerId: customer.id,
              channel: 'whatsapp',
              subject: (content.text.trim().split('\n')[0] || `Messaggio WhatsApp da ${caller}`).slice(0, 200),
              description: `Richiesta via WhatsApp da ${caller}.`,
              priority: 'P3',
              blocking: false,
              openedAt: at,
            });
            if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
            await recordChanges(trx, await executeCommand(trx, intakeActor, parsed.command, options.now, timePolicy), options.now);
          }
          await writeCustomerMessage(
            trx,
            { ticketId, customerId: customer.id, contactId: null, authorName: profileName ?? number ?? message.from, source: 'whatsapp', body: text, quoted: null, attachments, mailMessageId: key, followUpChannel: 'whatsapp' },
            options.now,
            timePolicy,
          );
          await trx.updateTable('inbound_mail').set({ outcome, ticket_id: ticketId }).where('message_id', '=', key).execute();
          return { messageId: message.id, outcome, ticketId };
        }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      outcomes.push({ messageId: message.id, outcome: 'duplicate', ticketId: null });
    }
  }
  return outcomes;
};
