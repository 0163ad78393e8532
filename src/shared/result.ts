import type { z } from 'zod';
import { DomainRangeError } from './domain/domain-range-error.ts';

/**
 * The envelope every host-API call and every fallible service answers with.
 * Errors carry a stable machine code and an Italian message a technician can read.
 */
export type AppError = { code: ErrorCode; message: string; details?: unknown };

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const errorCodes = [
  'invalid_argument',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'unknown_channel',
  'stale',
  'locked',
  'rate_limited',
  'gap',
  'unavailable',
  'database_newer_than_app',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside services; the transports turn it into a `{ ok: false }` envelope. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.details = details;
  }
}

export const toAppError = (error: unknown): AppError => {
  if (error instanceof AppFailure) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  // The domain rules reject impossible input (a 30 February, negative minutes) with an Italian message.
  // Any other error (an engine's RangeError, a driver's message) is never shown: it may leak internals.
  if (error instanceof DomainRangeError) return { code: 'invalid_argument', message: error.message };
  return { code: 'internal', message: 'Errore interno: riprova o contatta il supporto.' };
};

/** Whether an error is one we raised on purpose (typed, Italian) rather than a fault to log. */
export const isExpectedFailure = (error: unknown): boolean => error instanceof AppFailure || error instanceof DomainRangeError;

/** One HTTP status per error code, for both HTTP surfaces (central API and browser host). */
export const httpStatusFor = (result: Result<unknown>): number => {
  if (result.ok) return 200;
  return httpStatusByCode[result.error.code];
};

const httpStatusByCode = {
  invalid_argument: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_channel: 404,
  conflict: 409,
  gap: 409,
  stale: 409,
  locked: 423,
  rate_limited: 429,
  database_newer_than_app: 500,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/**
 * How an answer in the `{ ok, value | error }` envelope reads, once, for every client of ours
 * (the renderer's host client, the console's API client, the portal): the value checked against
 * the expected schema, the other end's typed failure (an unknown code becomes `internal`), or why
 * it cannot be read. Each client words the last two for its own users.
 */
export type EnvelopeReading<T> =
  | { kind: 'value'; value: T }
  | { kind: 'failure'; error: AppError }
  | { kind: 'malformed' }
  | { kind: 'nonconforming' };

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && (errorCodes as readonly string[]).includes(code);

export const readEnvelope = <S extends z.ZodType>(raw: unknown, schema: S): EnvelopeReading<z.output<S>> => {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw) || typeof raw.ok !== 'boolean') return { kind: 'malformed' };
  if (raw.ok) {
    const parsed = schema.safeParse('value' in raw ? raw.value : undefined);
    return parsed.success ? { kind: 'value', value: parsed.data } : { kind: 'nonconforming' };
  }
  const error: unknown = 'error' in raw ? raw.error : undefined;
  if (typeof error !== 'object' || error === null) return { kind: 'malformed' };
  const code = 'code' in error && isErrorCode(error.code) ? error.code : 'internal';
  const message = 'message' in error && typeof error.message === 'string' ? error.message : 'Errore sconosciuto.';
  return { kind: 'failure', error: 'details' in error && error.details !== undefined ? { code, message, details: error.details } : { code, message } };
};

/** Zod's first issues as one Italian line (`campo: messaggio; …`), for every boundary that refuses input. */
export const describeZodIssues = (error: z.ZodError, limit = 5): string =>
  error.issues
    .slice(0, limit)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
