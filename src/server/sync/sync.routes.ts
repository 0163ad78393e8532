import type { FastifyInstance } from 'fastify';
import { pullRequestSchema, pushRequestSchema, snapshotRequestSchema } from '../../shared/sync/protocol.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { recordConsolePresence } from '../review/consoles.service.ts';
import { readSnapshots } from './snapshots.ts';
import { pullPageJson, push } from './sync.service.ts';

/** The consoles' sync: push commands, pull the change log, snapshot a few rows (`/sync/…`). */
export const registerSyncRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;
  const { answer, withUser } = kit;
  const clock = kit.clock;
  app.post('/sync/push', (request, reply) =>
    answer(reply, async () => {
      const { user, acceptIssuedBefore } = await kit.withPushSession(request);
      const answered = await push(db, user, parseBody(pushRequestSchema, request.body), request.log, clock, kit.timePolicy, acceptIssuedBefore);
      kit.metrics?.observePush(answered.results);
      return answered;
    }),
  );
  app.post('/sync/pull', async (request, reply) => {
    try {
      const user = await withUser(request);
      const { cursor, limit, presence } = parseBody(pullRequestSchema, request.body);
      if (presence) await recordConsolePresence(db, user, presence, clock());
      const page = await pullPageJson(db, cursor, limit, clock, kit.metrics?.observePull, presence ? { clientId: presence.clientId, userId: user.id } : undefined);
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
};
