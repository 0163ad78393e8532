import { z } from 'zod';
import './zod-italian.ts';
import { hasForbiddenCharacters } from './input-text.ts';

export const minimumPasswordLength = 12;
export const maximumPasswordLength = 200;

/** What the page shows beside a new-password field: the same rule the API applies. */
export const passwordHint = `Almeno ${minimumPasswordLength} caratteri, non solo spazi né un solo carattere ripetuto, diversa dal suo indirizzo e-mail.`;

/**
 * Passwords everybody sees first in the leaked lists (lower-cased, spaces removed): a desk's
 * customers and staff choose them too. Small on purpose: the length does most of the work.
 */
const commonPasswords = new Set([
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwertyuiop12',
  'qwertyuiop123',
  'password1234',
  'password12345',
  'passwordpassword',
  'iloveyou1234',
  'administrator',
  'amministratore',
  'benvenuto1234',
  'passwordsegreta',
  'presidio1234',
  'assistenza123',
  'assistenza1234',
  'cambiami1234',
  'cambiamisubito',
]);

/**
 * The one rule for every new password, staff and customers alike (API, CLI and pages): at least
 * 12 characters once the blanks around it are taken away, not one character repeated, not the
 * account's e-mail, not a well-known password, no control characters. Answers the Italian reason
 * or null.
 */
export const passwordProblem = (password: string, context: { email?: string | undefined } = {}): string | null => {
  const trimmed = password.trim();
  if (password.length > maximumPasswordLength) return `La password può avere al massimo ${maximumPasswordLength} caratteri.`;
  if (hasForbiddenCharacters(password)) return 'La password contiene caratteri non ammessi.';
  if (trimmed.length < minimumPasswordLength) return `La password deve avere almeno ${minimumPasswordLength} caratteri (spazi iniziali e finali esclusi).`;
  if (new Set(trimmed).size === 1) return 'La password non può essere un solo carattere ripetuto.';
  const folded = trimmed.toLowerCase().replaceAll(/\s+/g, '');
  const email = context.email?.trim().toLowerCase();
  if (email && (folded === email || folded === email.split('@')[0])) return 'La password non può essere il suo indirizzo e-mail.';
  if (commonPasswords.has(folded)) return 'Questa password è tra le più usate: ne scelga una meno prevedibile.';
  return null;
};

/** A new password as a request carries it; the e-mail check runs where the account is known. */
export const newPasswordSchema = z.string().superRefine((password, context) => {
  const problem = passwordProblem(password);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
