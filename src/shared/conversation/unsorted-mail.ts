import { z } from 'zod';
import { safeText } from '../input-text.ts';
import { attachmentRefSchema } from './ticket-message.ts';

/** A mail from an address the desk does not know, waiting for a lead to say whose it is («Da smistare»). */
export const unsortedMailSchema = z.object({
  id: z.uuid(),
  sender: z.string(),
  senderName: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  quoted: z.string().nullable(),
  attachments: z.array(attachmentRefSchema),
  receivedAt: z.string(),
});
export type UnsortedMail = z.infer<typeof unsortedMailSchema>;
export const unsortedMailListSchema = z.object({ mails: z.array(unsortedMailSchema) });

/** Filed to a customer: it opens a request on channel «E-mail» in their name. */
export const fileUnsortedRequestSchema = z.object({ id: z.uuid(), customerId: z.uuid() }).strict();
/** Thrown away (spam, a wrong address), with the lead's reason. */
export const discardUnsortedRequestSchema = z.object({ id: z.uuid(), reason: safeText(300).refine((value) => value.trim().length >= 3, 'Indica il motivo') }).strict();
export const unsortedDecisionSchema = z.object({ id: z.uuid(), ticketId: z.uuid().nullable(), ticketNumber: z.string().nullable() });
