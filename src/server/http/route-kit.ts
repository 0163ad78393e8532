import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDb } from '../db/server-database.ts';

/** What `server/app.ts` hands a feature's routes: the database, the clock, staff auth and the `{ ok, … }` envelope. */
export type RouteKit = {
  database: ServerDb;
  clock: () => Date;
  timePolicy?: TimePolicy;
  withUser: (request: FastifyRequest) => Promise<AuthenticatedUser>;
  answer: (reply: FastifyReply, run: () => Promise<unknown>) => Promise<FastifyReply>;
};
