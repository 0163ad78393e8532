import { z } from 'zod';
import { safeText } from '../input-text.ts';
import { prioritySchema } from '../model/enums.ts';
import { ticketDescriptionMaxLength } from '../model/ticket-limits.ts';

/** What the vendor's J2K software sends to open a ticket (`POST /intake/j2k`). */
export const j2kRequestSchema = z
  .object({
    /** J2K's own id for the request: sending it again opens no second ticket. */
    requestId: safeText(100).min(1),
    subject: safeText(200).min(1),
    description: safeText(ticketDescriptionMaxLength).default(''),
    priority: prioritySchema.default('P3'),
    blocking: z.boolean().default(false),
  })
  .strict();
export type J2kRequest = z.infer<typeof j2kRequestSchema>;

/** J2K's acknowledgement: the ticket, whether this call opened it, and the backup reminder J2K shows the user. */
export const j2kResponseSchema = z.object({ ticketId: z.uuid(), number: z.string(), created: z.boolean(), reminder: z.string() });
export type J2kResponse = z.infer<typeof j2kResponseSchema>;

/** An installation key as a team lead sees it (the key itself is shown once, when issued). */
export const intakeKeySchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type IntakeKey = z.infer<typeof intakeKeySchema>;

export const issueIntakeKeyRequestSchema = z.object({ customerId: z.uuid(), label: safeText(100).min(1) }).strict();
export const issuedIntakeKeySchema = intakeKeySchema.extend({ key: z.string() });
export const intakeKeysRequestSchema = z.object({ customerId: z.uuid() }).strict();
export const revokeIntakeKeyRequestSchema = z.object({ id: z.uuid() }).strict();
