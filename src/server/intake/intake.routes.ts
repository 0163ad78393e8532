import type { FastifyInstance } from 'fastify';
import { newId } from '../../shared/ids.ts';
import { issueIntakeKeyRequestSchema, intakeKeysRequestSchema, j2kRequestSchema, revokeIntakeKeyRequestSchema } from '../../shared/intake/intake-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { defaultTimePolicy } from '../../shared/sync/model/command-effects.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { authenticateIntakeKey, issueIntakeKey, listIntakeKeys, receiveJ2kRequest, revokeIntakeKey } from './intake.service.ts';

/** Wrong keys tolerated per client address in 15 minutes before it is throttled, like logins. */
const maxKeyFailuresPerAddress = 20;
const failureWindowMs = 15 * 60_000;

/** Requests that arrive by themselves (J2K), and the keys team leads issue for them. */
export const registerIntakeRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;

  app.post('/intake/j2k', (request, reply) =>
    kit.answer(reply, async () => {
      const now = kit.clock();
      const key = `intake-address:${request.ip}`;
      const since = new Date(now.getTime() - failureWindowMs).toISOString();
      const failures = await db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('count')).where('key', '=', key).where('failed_at', '>', since).executeTakeFirst();
      if (Number(failures?.count ?? 0) >= maxKeyFailuresPerAddress) throw new AppFailure('rate_limited', 'Troppe richieste con chiavi non valide: riprovare tra 15 minuti.');
      let source;
      try {
        source = await authenticateIntakeKey(db, request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]);
      } catch (error) {
        await db.insertInto('login_failures').values({ id: newId(), key, failed_at: now.toISOString() }).execute();
        request.log.warn({ event: 'intake.refused', address: request.ip }, 'richiesta J2K con chiave non valida');
        throw error;
      }
      const result = await receiveJ2kRequest(db, source, parseBody(j2kRequestSchema, request.body), now, kit.timePolicy ?? defaultTimePolicy);
      if (result.created) request.log.info({ event: 'intake.j2k', ticket: result.number }, 'ticket aperto da J2K');
      return result;
    }),
  );

  app.post('/intake/keys/issue', (request, reply) =>
    kit.answer(reply, async () => issueIntakeKey(db, await kit.withUser(request), parseBody(issueIntakeKeyRequestSchema, request.body), kit.clock())),
  );
  app.post('/intake/keys', (request, reply) =>
    kit.answer(reply, async () => listIntakeKeys(db, await kit.withUser(request), parseBody(intakeKeysRequestSchema, request.body).customerId)),
  );
  app.post('/intake/keys/revoke', (request, reply) =>
    kit.answer(reply, async () => revokeIntakeKey(db, await kit.withUser(request), parseBody(revokeIntakeKeyRequestSchema, request.body).id, kit.clock())),
  );
};
