import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RouteKit } from '../http/route-kit.ts';
import { AppFailure } from '../../shared/result.ts';
import { isAttachmentHash, readAttachmentFile, storeAttachment } from './attachment-store.ts';
import { attachmentUploadMaxBodyBytes } from '../../shared/conversation/attachment-types.ts';
import { staffAttachmentUploadSchema } from '../../shared/conversation/ticket-message.ts';
import { ticketHasAttachment } from './conversation.service.ts';
import { discardUnsortedMail, fileUnsortedMail, listUnsortedMail } from './unsorted-mail.service.ts';
import { discardUnsortedRequestSchema, fileUnsortedRequestSchema } from '../../shared/conversation/unsorted-mail.ts';
import { defaultTimePolicy } from '../../shared/sync/model/command-effects.ts';
import { parseBody } from '../http/parse-body.ts';

/**
 * Sends a kept file: its type as sniffed when it was stored, never as named; `nosniff` and a
 * sandboxing CSP so a browser cannot be talked into running it; inline for what a page shows
 * (images, audio, PDF), with its name for saving.
 */
export const sendAttachment = (reply: FastifyReply, file: { bytes: Buffer; mediaType: string }, name: string): FastifyReply =>
  reply
    .code(200)
    .type(file.mediaType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(file.bytes);

/** A ticket's file for staff (any message of the ticket, internal ones too). */
export const registerConversationRoutes = (app: FastifyInstance, kit: RouteKit, options: { attachmentFolder: string }): void => {
  const { db } = kit.database;
  const timePolicy = kit.timePolicy ?? defaultTimePolicy;
  // A colleague's file for a message (uploaded online, then named by the `ticket.message` command).
  app.post('/conversation/attachments', { bodyLimit: attachmentUploadMaxBodyBytes }, (request, reply) =>
    kit.answer(reply, async () => {
      await kit.withUser(request);
      const upload = parseBody(staffAttachmentUploadSchema, request.body);
      return storeAttachment(db, options.attachmentFolder, { bytes: Buffer.from(upload.dataBase64, 'base64'), name: upload.fileName }, kit.clock());
    }),
  );
  // «Da smistare»: strangers' mail a lead files to a customer or throws away.
  app.post('/conversation/unsorted', (request, reply) => kit.answer(reply, async () => listUnsortedMail(db, await kit.withUser(request))));
  app.post('/conversation/unsorted/file', (request, reply) =>
    kit.answer(reply, async () => fileUnsortedMail(db, await kit.withUser(request), parseBody(fileUnsortedRequestSchema, request.body), kit.clock(), timePolicy)),
  );
  app.post('/conversation/unsorted/discard', (request, reply) =>
    kit.answer(reply, async () => discardUnsortedMail(db, await kit.withUser(request), parseBody(discardUnsortedRequestSchema, request.body), kit.clock())),
  );
  app.get<{ Params: { ticketId: string; sha256: string } }>('/conversation/attachments/:ticketId/:sha256', async (request, reply) => {
    try {
      await kit.withUser(request);
      const { ticketId, sha256 } = request.params;
      if (!z.uuid().safeParse(ticketId).success || !isAttachmentHash(sha256) || !(await ticketHasAttachment(db, { ticketId, sha256 }))) throw new AppFailure('not_found', 'Allegato non trovato.');
      return await sendAttachment(reply, await readAttachmentFile(db, options.attachmentFolder, sha256), 'allegato');
    } catch (error) {
      return kit.answer(reply, () => Promise.reject(error));
    }
  });
};
