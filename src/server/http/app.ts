import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppFailure, fail, toAppError, type Result } from '../../shared/result.ts';
import { loginRequestSchema, pullRequestSchema, pushRequestSchema, snapshotRequestSchema } from '../../shared/sync/protocol.ts';
import type { SyncEntity } from '../../shared/sync/entities.ts';
import { readSnapshot } from '../sync/snapshots.ts';
import { authenticate, defaultAuthPolicy, login, logout, type AuthenticatedUser, type AuthPolicy } from '../auth/auth.service.ts';
import type { ServerDb } from '../db/server-database.ts';
import { pull, push } from '../sync/sync.service.ts';

export type ServerOptions = {
  database: ServerDb;
  authPolicy?: AuthPolicy;
  clock?: () => Date;
  logLevel?: string;
  version?: string;
};

const httpStatusFor = (result: Result<unknown>): number => {
  if (result.ok) return 200;
  const map: Partial<Record<string, number>> = {
    invalid_argument: 400,
    unauthorized: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    gap: 409,
    stale: 409,
    locked: 423,
    rate_limited: 429,
    unavailable: 503,
  };
  return map[result.error.code] ?? 500;
};

const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new AppFailure('invalid_argument', `Richiesta non valida: ${where}${first?.message ?? ''}`);
  }
  return parsed.data;
};

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
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 8 * 1024 * 1024,
    trustProxy: false,
  });

  const answer = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    let result: Result<unknown>;
    try {
      result = { ok: true, value: await run() };
    } catch (error) {
      if (!(error instanceof AppFailure) && !(error instanceof RangeError)) reply.log.error({ err: error }, 'richiesta fallita');
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
        : status < 500
          ? fail('invalid_argument', 'Richiesta non valida: JSON malformato o intestazioni errate.')
          : fail('internal', 'Errore interno del server.');
    return reply.code(status).send(envelope);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(fail('not_found', 'Percorso inesistente.')));

  app.get('/health', async () => ({ ok: true, value: { status: 'ok', engine: dialect, version: options.version ?? 'dev' } }));

  app.post('/auth/login', (request, reply) =>
    answer(reply, async () => login(db, { ...parseBody(loginRequestSchema, request.body), address: request.ip }, authPolicy, clock())),
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
      return push(db, user, parseBody(pushRequestSchema, request.body), request.log, clock);
    }),
  );
  app.post('/sync/pull', (request, reply) =>
    answer(reply, async () => {
      await withUser(request);
      const { cursor, limit } = parseBody(pullRequestSchema, request.body);
      return pull(db, cursor, limit);
    }),
  );

  /** The current server version of a few rows: a console restores them when a command is rejected. */
  app.post('/sync/snapshot', (request, reply) =>
    answer(reply, async () => {
      await withUser(request);
      const { refs } = parseBody(snapshotRequestSchema, request.body);
      const rows = [];
      for (const ref of refs) rows.push({ entity: ref.entity, id: ref.id, data: await readSnapshot(db, ref.entity as SyncEntity, ref.id) });
      return { rows };
    }),
  );

  return app;
};
