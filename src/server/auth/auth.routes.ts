import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppFailure } from '../../shared/result.ts';
import { loginRequestSchema } from '../../shared/sync/protocol.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { login, logout, type AuthPolicy } from './auth.service.ts';

/** Staff sign-in, sign-out and who the token belongs to (`/auth/…`). */
export const registerAuthRoutes = (app: FastifyInstance, kit: RouteKit, authPolicy: AuthPolicy, bearer: (request: FastifyRequest) => string | undefined): void => {
  const { db } = kit.database;
  const { answer, withUser } = kit;
  const clock = kit.clock;
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
};
