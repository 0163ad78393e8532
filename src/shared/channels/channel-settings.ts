import { z } from 'zod';
import { safeText } from '../input-text.ts';

/**
 * What an admin enters for WhatsApp in «Canali». The three secrets are written once and never shown
 * again: left empty on a later save, the kept ones stay.
 */
export const whatsAppSettingsInputSchema = z
  .object({
    phoneNumberId: z.string().trim().regex(/^\d{5,30}$/, 'L’identificativo del numero ha solo cifre'),
    apiUrl: z.string().trim().regex(/^https?:\/\/[^/\s]+/, 'Indirizzo della piattaforma non valido').max(300).default('https://graph.facebook.com/v21.0'),
    template: safeText(120).nullable().default(null),
    verifyToken: safeText(200).default(''),
    appSecret: safeText(200).default(''),
    accessToken: safeText(2000).default(''),
  })
  .strict();
export type WhatsAppSettingsInput = z.input<typeof whatsAppSettingsInputSchema>;
