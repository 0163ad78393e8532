import type { FastifyInstance } from 'fastify';
import { whatsAppWebhookSchema } from '../../shared/channels/whatsapp-webhook.ts';
import { exceedsJsonDepth } from '../../shared/json-limits.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { checkWhatsAppSignature, receiveWhatsApp, verifyTokenMatches, type WhatsAppSettings } from './whatsapp.service.ts';

/**
 * The WhatsApp Business Platform's webhook, `GET|POST /intake/whatsapp`: the verification
 * handshake (the verify token, answered with the challenge), then deliveries signed with the app
 * secret (`X-Hub-Signature-256` over the raw body: 401 without it, 403 when wrong, nothing stored
 * either way). A delivery is answered 200 once filed; a retried one is 200 and changes nothing.
 */
export const registerWhatsAppRoutes = (app: FastifyInstance, kit: RouteKit, options: { settings: () => Promise<WhatsAppSettings | null>; attachmentFolder: string; fetch?: typeof fetch }): void => {
  void app.register(async (scope) => {
    // The signature covers the bytes as sent: this route reads the body raw, then parses it itself.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.get<{ Querystring: Record<string, string | undefined> }>('/intake/whatsapp', async (request, reply) => {
      const query = request.query;
      const settings = await options.settings();
      if (!settings || query['hub.mode'] !== 'subscribe' || !verifyTokenMatches(settings, query['hub.verify_token']) || !query['hub.challenge']) return reply.code(403).type('text/plain').send('Verifica non riuscita.');
      return reply.code(200).type('text/plain').send(query['hub.challenge']);
    });
    scope.post('/intake/whatsapp', async (request, reply) => {
      const settings = await options.settings();
      if (!settings) return reply.code(404).send({ ok: false, error: { code: 'not_found', message: 'Canale WhatsApp non configurato.' } });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-hub-signature-256'];
      const signature = checkWhatsAppSignature(raw, typeof header === 'string' ? header : undefined, settings.appSecret);
      if (signature !== 'ok') {
        request.log.warn({ event: 'whatsapp.refused', signature, address: request.ip }, 'consegna WhatsApp non firmata correttamente');
        return reply.code(signature === 'missing' ? 401 : 403).send({ ok: false, error: { code: signature === 'missing' ? 'unauthorized' : 'forbidden', message: 'Firma della consegna non valida.' } });
      }
      const text = raw.toString('utf8');
      let body: unknown;
      try {
        body = exceedsJsonDepth(text) ? null : JSON.parse(text);
      } catch {
        body = null;
      }
      const parsed = whatsAppWebhookSchema.safeParse(body);
      // Signed but not a delivery we read: acknowledged, so the platform does not retry it for days.
      if (!parsed.success) return reply.code(200).send({ ok: true, value: { filed: 0 } });
      return kit.answer(reply, async () => {
        const outcomes = await receiveWhatsApp(kit.database, settings, parsed.data, { now: kit.clock(), attachmentFolder: options.attachmentFolder, ...(options.fetch ? { fetch: options.fetch } : {}), ...(kit.timePolicy ? { timePolicy: kit.timePolicy } : {}) });
        for (const outcome of outcomes) if (outcome.outcome !== 'duplicate') request.log.info({ event: 'whatsapp.inbound', ...outcome }, 'messaggio WhatsApp archiviato');
        return { filed: outcomes.filter((outcome) => outcome.outcome !== 'duplicate').length };
      });
    });
  });
};
