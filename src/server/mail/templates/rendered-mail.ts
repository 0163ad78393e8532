import type { BillingPolicy } from '../../../shared/domain/index.ts';

/** A mail ready for a transport. */
export type RenderedMail = { subject: string; text: string; html: string; attachments?: Array<{ filename: string; contentType: string; content: Buffer }> };

/** What rendering needs from the server's configuration (never from `process.env` in a template). */
export type RenderSettings = { publicUrl: string; policy: BillingPolicy };
