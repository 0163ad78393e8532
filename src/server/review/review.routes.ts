import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditTrailRequestSchema } from '../../shared/review/audit.ts';
import { outboxRetryRequestSchema } from '../../shared/review/outbox.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { readOutboxReview, retryParkedMail } from '../mail/mail-review.service.ts';
import { readAuditTrail } from './audit.service.ts';
import { readConsoles } from './consoles.service.ts';

/** What only the API knows, for the lead's screens: audit trails, consoles, stuck mail (`/review/…`). */
export const registerReviewRoutes = (app: FastifyInstance, kit: RouteKit): void => {
  const { db } = kit.database;
  const { answer, withUser } = kit;
  const clock = kit.clock;
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
};
