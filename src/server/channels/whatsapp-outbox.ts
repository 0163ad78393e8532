import type { Transaction } from 'kysely';
import { whatsAppReplyKind } from '../../shared/channels/whatsapp-window.ts';
import { newId } from '../../shared/ids.ts';
import type { ServerDb } from '../db/server-database.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { WhatsAppSettings } from './whatsapp.service.ts';

/**
 * A public reply on a request that came by WhatsApp goes back by WhatsApp: queued in the reply's
 * transaction for the number the customer wrote from. Answers false when the request has no
 * WhatsApp number (the reply then goes by mail, as everywhere else).
 */
export const queueWhatsAppReply = async (trx: Transaction<ServerDatabase>, messageId: string, now: Date): Promise<boolean> => {
  const message = await trx
    .selectFrom('ticket_messages')
    .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
    .select(['ticket_messages.ticket_id', 'ticket_messages.body', 'tickets.channel'])
    .where('ticket_messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.channel !== 'whatsapp') return false;
  const from = await trx.selectFrom('inbound_mail').select('sender').where('ticket_id', '=', message.ticket_id).where('message_id', 'like', 'whatsapp:%').orderBy('received_at', 'desc').limit(1).executeTakeFirst();
  if (!from) return false;
  const at = now.toISOString();
  await trx
    .insertInto('whatsapp_outbox')
    .values({ id: newId(), ticket_id: message.ticket_id, message_id: messageId, recipient: from.sender, body: message.body, kind: null, status: 'queued', attempts: 0, next_attempt_at: at, claimed_until: null, last_error: null, wamid: null, created_at: at, sent_at: null, status_at: null })
    .execute();
  return true;
};

const statusOrder = ['queued', 'sending', 'sent', 'delivered', 'read'] as const;

/** The platform's statuses of our messages (sent, delivered, read, failed), in order: a late «delivered» never undoes «read». */
export const recordWhatsAppStatus = async (db: ServerDb['db'], status: { id: string; status: string; timestamp: string }): Promise<void> => {
  const row = await db.selectFrom('whatsapp_outbox').select(['id', 'status']).where('wamid', '=', status.id).executeTakeFirst();
  if (!row) return;
  const next = status.status === 'failed' ? 'failed' : statusOrder.find((candidate) => candidate === status.status);
  if (!next) return;
  const current = statusOrder.indexOf(row.status as (typeof statusOrder)[number]);
  if (next !== 'failed' && current >= statusOrder.indexOf(next)) return;
  await db.updateTable('whatsapp_outbox').set({ status: next, status_at: new Date(Number(status.timestamp) * 1000).toISOString() }).where('id', '=', row.id).execute();
};

export const whatsAppMaxAttempts = 8;
const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;

/**
 * Sends the queued replies through the platform's send API: free text within 24 hours of the
 * customer's last WhatsApp message, the approved template after (`PRESIDIO_WHATSAPP_TEMPLATE`;
 * none configured: parked with the reason). A busy platform (5xx, no answer) is tried again
 * with a growing wait; a refusal (4xx) parks the reply with the platform's words. Several API
 * processes share the queue: a row is claimed before it is sent.
 */
export const createWhatsAppSender = (options: { database: ServerDb; settings: () => Promise<WhatsAppSettings | null>; log: { info: (data: object, message: string) => void; warn: (data: object, message: string) => void }; clock?: () => Date; fetch?: typeof fetch }) => {
  const clock = options.clock ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;
  const { db } = options.database;
  let timer: NodeJS.Timeout | null = null;

  const sendOne = async (row: ServerDatabase['whatsapp_outbox'], settings: WhatsAppSettings): Promise<'sent' | 'retry' | 'parked'> => {
    const now = clock();
    const last = await db.selectFrom('ticket_messages').select('written_at').where('ticket_id', '=', row.ticket_id).where('source', '=', 'whatsapp').where('author_kind', '=', 'customer').orderBy('written_at', 'desc').limit(1).executeTakeFirst();
    const kind = whatsAppReplyKind(last?.written_at ?? null, now.toISOString());
    const fail = async (error: string, park: boolean) => {
      const attempts = row.attempts + 1;
      const parked = park || attempts >= whatsAppMaxAttempts;
      await db
        .updateTable('whatsapp_outbox')
        .set({ status: parked ? 'parked' : 'queued', attempts, last_error: error, kind, claimed_until: null, next_attempt_at: parked ? null : new Date(now.getTime() + backoffMs(attempts)).toISOString() })
        .where('id', '=', row.id)
        .execute();
      options.log.warn({ event: 'whatsapp.send', outcome: parked ? 'parked' : 'retry', attempts, err: error }, parked ? 'risposta WhatsApp accantonata' : 'invio WhatsApp non riuscito, nuovo tentativo più tardi');
      return parked ? ('parked' as const) : ('retry' as const);
    };
    if (kind === 'template' && !settings.template) return fail('Oltre le 24 ore dall’ultimo messaggio del cliente WhatsApp accetta solo un modello approvato: configurare PRESIDIO_WHATSAPP_TEMPLATE.', true);
    const to = row.recipient.replace(/^\+/, '');
    const payload =
      kind === 'text'
        ? { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: row.body } }
        : { messaging_product: 'whatsapp', to, type: 'template', template: { name: settings.template, language: { code: 'it' }, components: [{ type: 'body', parameters: [{ type: 'text', text: row.body.slice(0, 1000) }] }] } };
    let response: Response;
    try {
      response = await doFetch(`${settings.apiUrl}/${encodeURIComponent(settings.phoneNumberId)}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${settings.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return fail(`Piattaforma WhatsApp non raggiungibile: ${error instanceof Error ? error.message : String(error)}`, false);
    }
    const answer = (await response.json().catch(() => null)) as { messages?: Array<{ id?: string }>; error?: { message?: string } } | null;
    if (!response.ok) return fail(`WhatsApp ha risposto ${response.status}: ${answer?.error?.message ?? 'errore'}`, response.status < 500 && response.status !== 429);
    const wamid = answer?.messages?.[0]?.id ?? null;
    await db.updateTable('whatsapp_outbox').set({ status: 'sent', kind, wamid, sent_at: now.toISOString(), status_at: now.toISOString(), attempts: row.attempts + 1, claimed_until: null, last_error: null }).where('id', '=', row.id).execute();
    options.log.info({ event: 'whatsapp.send', outcome: 'sent', kind }, 'risposta inviata su WhatsApp');
    return 'sent';
  };

  const runOnce = async () => {
    const now = clock().toISOString();
    const settings = await options.settings();
    // Not configured (yet): replies wait in the queue until an admin sets the channel up.
    if (!settings) return { sent: 0, retried: 0, parked: 0 };
    const due = await db.selectFrom('whatsapp_outbox').selectAll().where('status', '=', 'queued').where('next_attempt_at', '<=', now).orderBy('created_at').limit(20).execute();
    const counts = { sent: 0, retried: 0, parked: 0 };
    for (const row of due) {
      // Claimed by one process only: the update that finds it still queued wins.
      const claim = await db.updateTable('whatsapp_outbox').set({ status: 'sending', claimed_until: new Date(Date.parse(now) + 10 * 60_000).toISOString() }).where('id', '=', row.id).where('status', '=', 'queued').executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const outcome = await sendOne(row, settings);
      counts[outcome === 'sent' ? 'sent' : outcome === 'retry' ? 'retried' : 'parked'] += 1;
    }
    // A claim that outlived its process (a crash mid-send) goes back to the queue.
    await db.updateTable('whatsapp_outbox').set({ status: 'queued', claimed_until: null }).where('status', '=', 'sending').where('claimed_until', '<=', now).execute();
    return counts;
  };

  return {
    runOnce,
    start: () => {
      const tick = async () => {
        try {
          await runOnce();
        } catch (error) {
          options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'invio WhatsApp non riuscito');
        } finally {
          timer = setTimeout(() => void tick(), 5_000);
        }
      };
      void tick();
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
};
