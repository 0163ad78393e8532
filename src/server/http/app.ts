import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { exceedsJsonDepth } from '../../shared/json-limits.ts';
import { AppFailure, fail, httpStatusFor, isExpectedFailure, toAppError, type Result } from '../../shared/result.ts';
import { isHostAllowed, type TrustProxy } from './proxy-config.ts';
import { parseBody } from './parse-body.ts';
import { redactedRequestSerializer } from './log-redaction.ts';
import { judgeOrigin, originOf, originRefused } from './origin-policy.ts';
import { requestTargetIsClean } from '../../shared/input-text.ts';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { loginRequestSchema, pullRequestSchema, pushRequestSchema, snapshotRequestSchema } from '../../shared/sync/protocol.ts';
import { readSnapshots } from '../sync/snapshots.ts';
import { authenticate, defaultAuthPolicy, login, logout, type AuthenticatedUser, type AuthPolicy } from '../auth/auth.service.ts';
import type { ServerDb } from '../db/server-database.ts';
import { pullPageJson, push } from '../sync/sync.service.ts';
import { auditTrailRequestSchema } from '../../shared/review/audit.ts';
import { readAuditTrail } from '../review/audit.service.ts';
import { readConsoles, recordConsolePresence } from '../review/consoles.service.ts';
import { registerFeedbackRoutes } from '../feedback/feedback.routes.ts';
import { registerStatementRoutes } from '../billing/statements/statement.routes.ts';
import { registerIntakeRoutes } from '../intake/intake.routes.ts';
import { registerPortalRoutes } from '../portal/portal.routes.ts';
import { readOutboxReview, retryParkedMail } from '../mail/mail-review.service.ts';
import { outboxRetryRequestSchema } from '../../shared/review/outbox.ts';

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
};


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
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
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
    return reply.code(httpStatusFor(result)).send(result);
  };
  const withUser = (request: FastifyRequest): Promise<AuthenticatedUser> => authenticate(db, bearer(request), clock());

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
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
    return reply.code(status).send(envelope);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(fail('not_found', 'Percorso inesistente.')));

  app.get('/health', async () => ({ ok: true, value: { status: 'ok', engine: dialect, version: options.version ?? 'dev' } }));

  app.post('/auth/login', (request, reply) =>
    answer(reply, async () => {
      const credentials = parseBody(loginRequestSchema, request.body);
      try {
        return await login(db, { ...credentials, address: request.ip }, authPolicy, clock());
      } catch (error) {
        // Who tried, from where, and how it ended; never the password.
        if (error instanceof AppFailure && (error.code === 'unauthorized' || error.code === 'rate_limited')) {
          request.log.warn(
            { event: error.code === 'rate_limited' ? 'login.throttled' : 'login.failed', email: credentials.email.trim().toLowerCase(), address: request.ip },
            error.code === 'rate_limited' ? 'accesso bloccato dal limite di tentativi' : 'accesso non riuscito',
          );
        }
        throw error;
      }
    }),
  );
  app.post('/auth/logout', (request, reply) =>
    answer(reply, async () => {
      await withUser(request);
      await logout(db, bearer(request) ?? '');
      return { loggedOut: true };
    }),
  );
  app.get('/auth/me', (request, reply) => answer(reply, () => withUser(request)));

  app.post('/sync/push', (request, reply) =>
    answer(reply, async () => {
      const user = await withUser(request);
      return push(db, user, parseBody(pushRequestSchema, request.body), request.log, clock, options.timePolicy);
    }),
  );
  app.post('/sync/pull', async (request, reply) => {
    try {
      const user = await withUser(request);
      const { cursor, limit, presence } = parseBody(pullRequestSchema, request.body);
      if (presence) await recordConsolePresence(db, user, presence, clock());
      const page = await pullPageJson(db, cursor, limit, clock);
      return reply.code(200).type('application/json; charset=utf-8').send(`{"ok":true,"value":${page}}`);
    } catch (error) {
      return answer(reply, () => Promise.reject(error));
    }
  });

  /** The current server version of a few rows: a console restores them when a command is rejected. */
  app.post('/sync/snapshot', (request, reply) =>
    answer(reply, async () => {
      await withUser(request);
      const { refs } = parseBody(snapshotRequestSchema, request.body);
      const found = await readSnapshots(db, refs);
      return { rows: refs.map((ref) => ({ entity: ref.entity, id: ref.id, data: found.get(`${ref.entity}:${ref.id}`) ?? null })) };
    }),
  );

  /** «Storico modifiche» of one record: the audit log stays on the API, read online. */
  app.post('/review/audit', (request, reply) =>
    answer(reply, async () => {
      const user = await withUser(request);
      return readAuditTrail(db, user, parseBody(auditTrailRequestSchema, request.body));
    }),
  );

  /** Each console's last sync and the commands it still held: the API is the only one that knows them all. */
  app.post('/review/consoles', (request, reply) =>
    answer(reply, async () => {
      const user = await withUser(request);
      parseBody(z.object({}).strict(), request.body ?? {});
      return readConsoles(db, user, clock());
    }),
  );

  /** Outgoing mail that is stuck (parked after its attempts, or failing), for leads and admins. */
  app.post('/review/mail', (request, reply) =>
    answer(reply, async () => {
      const user = await withUser(request);
      parseBody(z.object({}).strict(), request.body ?? {});
      return readOutboxReview(db, user);
    }),
  );
  app.post('/review/mail/retry', (request, reply) =>
    answer(reply, async () => {
      const user = await withUser(request);
      return retryParkedMail(db, user, parseBody(outboxRetryRequestSchema, request.body).id, clock());
    }),
  );

  registerFeedbackRoutes(app, options.database, clock);
  const kit = { database: options.database, clock, withUser, answer, ...(options.timePolicy ? { timePolicy: options.timePolicy } : {}) };
  registerStatementRoutes(app, kit);
  registerIntakeRoutes(app, kit);
  registerPortalRoutes(app, kit, { authPolicy, publicUrl: options.publicUrl ?? 'http://127.0.0.1', portalDirectory: options.portalDirectory ?? null });

  return app;
};
