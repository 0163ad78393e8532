import { z } from 'zod';
import { safeText } from '../input-text.ts';

/** Whose data an admin exports: a customer (with its contacts) or one contact. */
export const personalDataSubjectSchema = z.union([z.object({ customerId: z.uuid() }).strict(), z.object({ contactId: z.uuid() }).strict()]);
export const eraseContactRequestSchema = z.object({ contactId: z.uuid(), reason: safeText(500).min(1, 'Indica la richiesta (chi, quando, come)') }).strict();
export const eraseContactResultSchema = z.object({ tickets: z.int(), mails: z.int(), auditLines: z.int(), messages: z.int().default(0), files: z.int().default(0) });
export type PersonalDataSubject = z.infer<typeof personalDataSubjectSchema>;

/** The console's request for an export: whose, and as JSON (for another system) or PDF (for the person). */
export const personalDataExportRequestSchema = z.object({ subject: personalDataSubjectSchema, format: z.enum(['json', 'pdf']) }).strict();
export const personalDataFileSchema = z.object({ fileName: z.string(), mimeType: z.enum(['application/json', 'application/pdf']), base64: z.string() });
