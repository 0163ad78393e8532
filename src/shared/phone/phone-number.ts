import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Phone numbers as one canonical form (E.164, `+390454684131`), read with libphonenumber's
 * metadata: `045 4684131`, `+39 045 468 4131`, `0039 045 4684131` and a WhatsApp id
 * `390454684131` are one number. Italian numbers may be written without the country code. Null
 * for text that is no possible number (a PBX's «anonymous», an extension).
 */
export const normalizePhone = (raw: string): string | null => {
  const text = raw.trim();
  if (!/\d{6,}/.test(text.replaceAll(/[\s./()-]/g, ''))) return null;
  const international = text.replace(/^\s*00/, '+');
  const parsed = parsePhoneNumberFromString(international, 'IT');
  return parsed && parsed.isPossible() ? parsed.number : null;
};

/** A WhatsApp `wa_id` (country code and digits, no plus) in the same canonical form. */
export const normalizeWhatsAppId = (waId: string): string | null => (/^\d{8,15}$/.test(waId) ? normalizePhone(`+${waId}`) : null);

/** Every number a free-text phone field holds («045 4684131 / 340 0662095», «tel. …; cell. …»), canonical. */
export const phoneNumbersIn = (field: string | null): string[] =>
  field === null
    ? []
    : [...new Set(field.split(/[/,;|]|\s+(?:e|oppure|o)\s+/i).flatMap((part) => {
        const number = normalizePhone(part.replace(/^[^\d+]*/, ''));
        return number ? [number] : [];
      }))];

/** The last seven digits: what a query can pre-select on before the numbers are compared whole. */
export const phoneTail = (e164: string): string => e164.replaceAll(/\D/g, '').slice(-7);
