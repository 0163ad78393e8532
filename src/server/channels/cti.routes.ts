import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctiEventSchema, type ChannelStatus } from '../../shared/channels/calls.ts';
import { AppFailure } from '../../shared/result.ts';
import { safeText } from '../../shared/input-text.ts';
import { recordThrottledAttempt } from '../auth/login-throttle.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { activeCallsSignature, applyCallEvent, authenticateCtiKey, issueCtiKey, listCtiKeys, revokeCtiKey } from './cti.service.ts';

/**
 * Who is calling: `POST /cti/calls` for the PBX (`Authorization: Bearer cti_…`; wrong keys
 * throttled per address like J2K's), and the keys leads issue and revoke.
 */
export const registerCtiRoutes = (app: FastifyInstance, kit: RouteKit, options: { weekendLine: string | null; channelStatus: () => Promise<ChannelStatus> }): void => {
  const { db } = kit.database;
  app.post('/cti/calls', (request, reply) =>
    kit.answer(reply, async () => {
      const now = kit.clock();
      const attempt = await recordThrottledAttempt(db, `cti-address:${request.ip}`, { maxAttempts: 20, windowMinutes: 15, message: 'Troppe richieste con chiavi non valide: riprovare tra 15 minuti.' }, now);
      let source;
      try {
        source = await authenticateCtiKey(db, request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]);
      } catch (error) {
        request.log.warn({ event: 'cti.refused', address: request.ip }, 'evento del centralino con chiave non valida');
        throw error;
      }
      await attempt.succeeded();
      return applyCallEvent(db, source, parseBody(ctiEventSchema, request.body), { now, weekendLine: options.weekendLine });
    }),
  );
  app.post('/cti/active', (request, reply) =>
    kit.answer(reply, async () => {
      await kit.withUser(request);
      return activeCallsSignature(db, kit.clock());
    }),
  );
  app.post('/admin/channels', (request, reply) =>
    kit.answer(reply, async () => {
      const user = await kit.withUser(request);
      if (user.role !== 'admin') throw new AppFailure('forbidden', 'La configurazione dei canali è degli amministratori.');
      return options.channelStatus();
    }),
  );
  app.post('/cti/keys', (request, reply) => kit.answer(reply, async () => listCtiKeys(db, await kit.withUser(request))));
  app.post('/cti/keys/issue', (request, reply) =>
    kit.answer(reply, async () => issueCtiKey(db, await kit.withUser(request), parseBody(z.object({ label: safeText(80) }).strict(), request.body).label, kit.clock())),
  );
  app.post('/cti/keys/revoke', (request, reply) =>
    kit.answer(reply, async () => revokeCtiKey(db, await kit.withUser(request), parseBody(z.object({ id: z.uuid() }).strict(), request.body).id, kit.clock())),
  );
};
