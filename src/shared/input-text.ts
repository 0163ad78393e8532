import { z } from 'zod';
import './zod-italian.ts';

/**
 * One text rule for every input that reaches a query or a file, on every surface (commands, the
 * portal, J2K, sign-in, route parameters, query strings): control characters (NUL above all:
 * PostgreSQL refuses it and answers with an error, SQLite stores it) and lone surrogates (not
 * valid UTF-8 on the way to PostgreSQL) are refused before any database sees them, so both engines
 * give the same 4xx answer.
 */
// eslint-disable-next-line no-control-regex
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const forbiddenCharactersMessage = 'Il testo contiene caratteri non ammessi';

export const hasForbiddenCharacters = (value: string): boolean => forbiddenCharacters.test(value);

/** Adds the rule to a string schema; chain `.trim()`, `.min()`, `.max()` before or after it. */
export const refuseForbiddenCharacters = <S extends z.ZodString>(schema: S): S =>
  schema.refine((value) => !hasForbiddenCharacters(value), forbiddenCharactersMessage);

/** Free text a person typed: trimmed, at most `max` characters, no control characters. */
export const safeText = (max: number): z.ZodString => refuseForbiddenCharacters(z.string().trim().max(max));

/**
 * A request target (path and query) is refused when a decoded part carries a forbidden
 * character or does not decode at all: route parameters and query strings obey the same rule
 * as bodies, before routing.
 */
export const requestTargetIsClean = (target: string): boolean => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.replaceAll('+', ' '));
  } catch {
    return false;
  }
  return !hasForbiddenCharacters(decoded);
};
