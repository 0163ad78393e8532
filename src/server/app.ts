import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerConversationRoutes } from './conversation/conversation.routes.ts';
import { registerWhatsAppRoutes } from './channels/whatsapp.routes.ts';
import { registerCtiRoutes } from './channels/cti.routes.ts';
import type { WhatsAppSettings } from './channels/whatsapp.service.ts';
import { createSecretBox, type SecretBox } from './channels/secret-box.ts';
import { saveWhatsAppSettings, whatsAppSettingsSource } from './channels/channel-settings.service.ts';
import { whatsAppSettingsInputSchema } from '../shared/channels/channel-settings.ts';
import { parseBody } from './http/parse-body.ts';
import type { ChannelStatus } from '../shared/channels/calls.ts';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { exceedsJsonDepth } from '../shared/json-limits.ts';
import { fail, httpStatusFor, isExpectedFailure, toAppError, type Result } from '../shared/result.ts';
import { isHostAllowed, type TrustProxy } from './http/proxy-config.ts';
import { redactedRequestSerializer } from './http/log-redaction.ts';
import { judgeOrigin, originOf, originRefused } from './http/origin-policy.ts';
import { requestTargetIsClean } from '../shared/input-text.ts';
import type { TimePolicy } from '../shared/sync/model/command-effects.ts';
import { authenticate, authenticateForPush, defaultAuthPolicy, type AuthenticatedUser, type AuthPolicy } from './auth/auth.service.ts';
import type { ServerDb } from './db/server-database.ts';
import { registerFeedbackRoutes } from './feedback/feedback.routes.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerSyncRoutes } from './sync/sync.routes.ts';
import { registerReviewRoutes } from './review/review.routes.ts';
import { registerStatementRoutes } from './billing/statements/statement.routes.ts';
import { registerIntakeRoutes } from './intake/intake.routes.ts';
import { registerPortalRoutes } from './portal/portal.routes.ts';
import { registerImportRoutes } from './import/import.routes.ts';
import { createMetrics, registerMetrics } from './ops/metrics.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { registerStaffAccountRoutes } from './auth/staff-accounts.routes.ts';
import { registerPrivacyRoutes } from './privacy/privacy.routes.ts';

export type ServerOptions = {
  database: ServerDb;
  authPolicy?: AuthPolicy;
  clock?: () => Date;
  logLevel?: string;
  /** Where JSON log lines go (default stdout); tests read them. */
  logStream?: { write: (line: string) => void };
  version?: string;
  /** Limits on reported times (future skew, segment length, backdating); defaults in the shared model. */
  timePolicy?: TimePolicy;
  /** Which proxies' `X-Forwarded-For` is believed (`PRESIDIO_TRUST_PROXY`); default none. */
  trustProxy?: TrustProxy;
  /** Where customers reach this API (invite links); default loopback. */
  publicUrl?: string;
  /** The built customer portal (`out/portal`); absent: `/portal/` says it is not built. */
  portalDirectory?: string | null;
  /** Host headers the API answers to (`PRESIDIO_ALLOWED_HOSTS`); null or absent: any. */
  allowedHosts?: readonly string[] | null;
  /** Where the mail drop folder keeps `.eml` copies (erasing a contact removes theirs); null: SMTP only. */
  mailFolder?: string | null;
  /** Where attachments are kept by content hash (`<data>/attachments`); absent: a fresh temporary folder (tests). */
  attachmentFolder?: string;
  /** The WhatsApp Business Platform's webhook settings (`readWhatsAppSettings`); absent: the webhook says it is not configured. */
  whatsApp?: WhatsAppSettings | null;
  /** Opens the channels' sealed secrets (`readSecretsKey`); absent: a fresh random key (tests). */
  secretBox?: SecretBox;
  /** What the channels are set to, for the admin's «Canali» (no secrets). */
  channelStatus?: Pick<ChannelStatus, 'mailbox' | 'voicemail'>;
  /** The weekend number (E.164, `PRESIDIO_CTI_WEEKEND_LINE`): calls to it are marked «Numero weekend». */
  weekendLine?: string | null;
  /** How the API reaches outside services (the WhatsApp platform's media); the tests give a fake's. */
  fetch?: typeof fetch;
  /** A bearer token that may scrape `/metrics` from elsewhere (`PRESIDIO_METRICS_TOKEN`); null: loopback only. */
  metricsToken?: string | null;
};


/** An error answer names its request, so what a user reports leads to the log lines behind it. */
const withRequestId = <T extends Result<never>>(envelope: T, requestId: string): T =>
  envelope.ok ? envelope : { ...envelope, error: { ...envelope.error, requestId } };

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const bearer = (request: FastifyRequest): string | undefined => request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];

/**
 * The central API. Stateless: everything lives in the database, so several processes can run
 * behind a load balancer over one PostgreSQL.
 */
export const buildServer = (options: ServerOptions): FastifyInstance => {
  const { db, dialect } = options.database;
  const clock = options.clock ?? (() => new Date());
  const authPolicy = options.authPolicy ?? defaultAuthPolicy;
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      // One-use secrets in request targets (feedback links, reset tokens) never reach the log.
      serializers: { req: redactedRequestSerializer },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: 8 * 1024 * 1024,
    // Unique across API processes (not a per-process counter): every log line and every error
    // answer carries it, so a user's «codice richiesta» finds the log lines behind it.
    genReqId: () => randomUUID(),
    // A hop count becomes the function form: trust the nearest N proxies.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  });
  const allowedHosts = options.allowedHosts ?? null;
  const ownOrigins = [originOf(options.publicUrl ?? '')].filter((origin): origin is string => origin !== null);
  let warnedAboutProxy = false;

  // Security headers for every answer (an API, but its errors may still be opened in a browser).
  // An API serves no page: nothing may load from it, frame it or be framed by it.
  void app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!isHostAllowed(request.headers.host, allowedHosts)) {
      return reply.code(421).send(fail('forbidden', 'Host non ammesso.'));
    }
    // Route parameters and query strings obey the text rule of bodies: both engines answer alike.
    if (!requestTargetIsClean(request.url)) {
      return reply.code(400).send(fail('invalid_argument', 'Indirizzo della richiesta non valido: contiene caratteri non ammessi.'));
    }
    if (originRefused(request.method, judgeOrigin(request.headers.origin, request.headers.host, ownOrigins))) {
      return reply.code(403).send(fail('forbidden', 'Richiesta da un’altra origine rifiutata.'));
    }
    if (!options.trustProxy && request.headers['x-forwarded-for'] && !warnedAboutProxy) {
      // Behind a proxy every client shares its address: say so once, so the limit is configured.
      warnedAboutProxy = true;
      request.log.warn('richiesta con X-Forwarded-For ma PRESIDIO_TRUST_PROXY non impostato: i limiti per indirizzo vedono il proxy');
    }
    return undefined;
  });
  // Nothing the API answers is cacheable: tokens, users, billing.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    return payload;
  });
  // Nesting is refused on the raw text: deep structures never reach a parser, validator or logger.
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (exceedsJsonDepth(text)) {
      done(Object.assign(new Error('nesting'), { statusCode: 400 }), undefined);
      return;
    }
    defaultJsonParser(request, text, done);
  });

  const answer = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    let result: Result<unknown>;
    try {
      result = { ok: true, value: await run() };
    } catch (error) {
      if (!isExpectedFailure(error)) reply.log.error({ err: error }, 'richiesta fallita');
      result = { ok: false, error: toAppError(error) };
    }
    return reply.code(httpStatusFor(result)).send(result.ok ? result : withRequestId(result, reply.request.id));
  };
  const withUser = (request: FastifyRequest): Promise<AuthenticatedUser> => authenticate(db, bearer(request), clock());
  const withPushSession = (request: FastifyRequest) => authenticateForPush(db, bearer(request), clock());

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) reply.log.error({ err: error }, 'errore non gestito');
    const envelope =
      status === 413
        ? fail('invalid_argument', 'Richiesta troppo grande.')
        : status === 415
          ? fail('invalid_argument', 'Tipo di contenuto non accettato: invia JSON (application/json).')
          : status < 500
          ? fail('invalid_argument', 'Richiesta non valida: JSON malformato o intestazioni errate.')
          : fail('internal', 'Errore interno del server.');
    return reply.code(status).send(withRequestId(envelope, request.id));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(withRequestId(fail('not_found', 'Percorso inesistente.'), request.id)));
  const metrics = createMetrics(options.database, clock);
  registerMetrics(app, metrics, options.metricsToken ?? null);

  app.get('/health', async () => ({ ok: true, value: { status: 'ok', engine: dialect, version: options.version ?? 'dev' } }));

  const kit = { database: options.database, clock, withUser, withPushSession, answer, authPolicy, metrics, publicUrl: options.publicUrl ?? 'http://127.0.0.1', ...(options.timePolicy ? { timePolicy: options.timePolicy } : {}) };
  registerAuthRoutes(app, kit, authPolicy, bearer);
  registerSyncRoutes(app, kit);
  registerReviewRoutes(app, kit);
  registerFeedbackRoutes(app, options.database, clock);
  registerStatementRoutes(app, kit);
  registerIntakeRoutes(app, kit);
  registerImportRoutes(app, kit);
  registerStaffAccountRoutes(app, kit);
  const attachmentFolder = options.attachmentFolder ?? mkdtempSync(join(tmpdir(), 'presidio-attachments-'));
  registerPrivacyRoutes(app, kit, { mailFolder: options.mailFolder ?? null, attachmentFolder });
  registerConversationRoutes(app, kit, { attachmentFolder });
  const secretBox = options.secretBox ?? createSecretBox(randomBytes(32));
  const whatsAppSettings = whatsAppSettingsSource(db, secretBox, options.whatsApp ?? null);
  registerCtiRoutes(app, kit, {
    weekendLine: options.weekendLine ?? null,
    channelStatus: async () => {
      const whatsApp = await whatsAppSettings.current();
      return {
        mailbox: options.channelStatus?.mailbox ?? null,
        voicemail: options.channelStatus?.voicemail ?? null,
        whatsApp: whatsApp ? { phoneNumberId: whatsApp.phoneNumberId, apiUrl: whatsApp.apiUrl, template: whatsApp.template } : null,
        weekendLine: options.weekendLine ?? null,
      };
    },
  });
  registerWhatsAppRoutes(app, kit, { settings: whatsAppSettings.current, attachmentFolder, ...(options.fetch ? { fetch: options.fetch } : {}) });
  app.post('/admin/channels/whatsapp', (request, reply) =>
    kit.answer(reply, async () => {
      const saved = await saveWhatsAppSettings(db, secretBox, await kit.withUser(request), parseBody(whatsAppSettingsInputSchema, request.body), clock());
      whatsAppSettings.forget();
      return saved;
    }),
  );
  registerPortalRoutes(app, kit, { authPolicy, publicUrl: options.publicUrl ?? 'http://127.0.0.1', portalDirectory: options.portalDirectory ?? null, attachmentFolder });

  return app;
};
