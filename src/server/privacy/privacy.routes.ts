import type { FastifyInstance } from 'fastify';
import { eraseContactRequestSchema, personalDataSubjectSchema } from '../../shared/accounts/privacy.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { personalDataPdf } from './privacy.pdf.ts';
import { eraseContact, exportPersonalData } from './privacy.service.ts';

/** Personal data, for admins: what is held about a customer or a contact (JSON, PDF), and erasing a contact. */
export const registerPrivacyRoutes = (app: FastifyInstance, kit: RouteKit, options: { mailFolder: string | null; attachmentFolder: string }): void => {
  const { db } = kit.database;
  app.post('/admin/privacy/export', (request, reply) => kit.answer(reply, async () => exportPersonalData(db, await kit.withUser(request), parseBody(personalDataSubjectSchema, request.body), kit.clock())));
  app.post('/admin/privacy/export.pdf', async (request, reply) => {
    try {
      const data = await exportPersonalData(db, await kit.withUser(request), parseBody(personalDataSubjectSchema, request.body), kit.clock());
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="dati-personali-${data.subject.id}.pdf"`).send(await personalDataPdf(data));
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
  app.post('/admin/privacy/erase-contact', (request, reply) =>
    kit.answer(reply, async () => {
      const result = await eraseContact(kit.database, await kit.withUser(request), parseBody(eraseContactRequestSchema, request.body), kit.clock(), options);
      request.log.info({ event: 'privacy.erase', ...result }, 'contatto cancellato su richiesta');
      return result;
    }),
  );
};
