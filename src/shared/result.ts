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
