import type { FastifyInstance } from 'fastify';
import { issueIntakeKeyRequestSchema, intakeKeysRequestSchema, j2kRequestSchema, revokeIntakeKeyRequestSchema, type J2kResponse } from '../../shared/intake/intake-api.ts';
import { backupReminder } from '../../shared/intake/backup-reminder.ts';
import { recordThrottledAttempt } from '../auth/login-throttle.ts';
import { defaultTimePolicy } from '../../shared/sync/model/command-effects.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { authenticateIntakeKey, issueIntakeKey, listIntakeKeys, receiveJ2kRequest, revokeIntakeKey } from './intake.service.ts';

/** Wrong keys tolerated per client address in 15 minutes before it is throttled, like logins. */
const maxKeyFailuresPerAddress = 20;
const failureWindowMinutes = 15;

/** Requests that arrive by themselves (J2K), and the keys team leads issue for them. */
export const registerIntakeRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;

  app.post('/intake/j2k', (request, reply) =>
    kit.answer(reply, async () => {
      const now = kit.clock();
      // Written before the key is checked and counted after: a burst cannot pass the limit.
      const attempt = await recordThrottledAttempt(
        db,
        `intake-address:${request.ip}`,
        { maxAttempts: maxKeyFailuresPerAddress, windowMinutes: failureWindowMinutes, message: 'Troppe richieste con chiavi non valide: riprovare tra 15 minuti.' },
        now,
      );
      let source;
      try {
        source = await authenticateIntakeKey(db, request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]);
      } catch (error) {
        request.log.warn({ event: 'intake.refused', address: request.ip }, 'richiesta J2K con chiave non valida');
        throw error;
      }
      await attempt.succeeded();
      const result = await receiveJ2kRequest(db, source, parseBody(j2kRequestSchema, request.body), now, kit.timePolicy ?? defaultTimePolicy);
      if (result.created) request.log.info({ event: 'intake.j2k', ticket: result.number }, 'ticket aperto da J2K');
      return { ...result, reminder: backupReminder } satisfies J2kResponse;
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
