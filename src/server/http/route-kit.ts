import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import type { AuthPolicy, AuthenticatedUser } from '../auth/auth.service.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { ServerDb } from '../db/server-database.ts';

/** What `server/app.ts` hands a feature's routes: the database, the clock, staff auth and the `{ ok, … }` envelope. */
export type RouteKit = {
  database: ServerDb;
  clock: () => Date;
  timePolicy?: TimePolicy;
  withUser: (request: FastifyRequest) => Promise<AuthenticatedUser>;
  /** A console's push: a disabled account's revoked session still delivers what it made before. */
  withPushSession: (request: FastifyRequest) => Promise<{ user: AuthenticatedUser; acceptIssuedBefore: string | null }>;
  /** The address mails link to (password links, portal invites). */
  publicUrl: string;
  authPolicy: AuthPolicy;
  /** Counters of sync volume and refusals (absent where metrics are not wanted). */
  metrics?: Metrics;
  answer: (reply: FastifyReply, run: () => Promise<unknown>) => Promise<FastifyReply>;
};
