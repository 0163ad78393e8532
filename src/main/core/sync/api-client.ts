import type { z } from 'zod';
import { AppFailure, errorCodes, type ErrorCode } from '../../../shared/result.ts';
import {
  loginResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type PushRequest,
} from '../../../shared/sync/protocol.ts';
import type { EntityRef } from '../../../shared/sync/targets.ts';
import { auditTrailSchema, type AuditTrailRequest } from '../../../shared/review/audit.ts';
import { consolesResponseSchema } from '../../../shared/review/consoles.ts';

/** Raised when the central API cannot be reached at all: the console is offline, nothing is lost. */
export class Offline extends Error {
  constructor(cause: unknown) {
    super(`API centrale non raggiungibile: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'Offline';
  }
}

export type Fetch = typeof fetch;

const requestTimeoutMs = 30_000;

/** A typed client for the central API: every answer is validated before the core trusts it. */
export const createApiClient = (options: { baseUrl: string; token?: string; fetch?: Fetch }) => {
  const doFetch = options.fetch ?? fetch;
  const call = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new Offline(error);
    }
    let envelope: {
      ok?: boolean;
      value?: unknown;
      error?: { code?: string; message?: string; details?: unknown };
    };
    try {
      envelope = (await response.json()) as typeof envelope;
    } catch (error) {
      // A cut connection mid-body (a proxy dropping the answer) is the same as no answer.
      if (response.status >= 500 || response.status === 200) throw new Offline(error);
      throw new AppFailure('internal', `Risposta non valida dall’API centrale (HTTP ${response.status}).`);
    }
    if (!envelope.ok) {
      if (response.status >= 502 && response.status <= 504)
        throw new Offline(new Error(`HTTP ${response.status}`));
      const code = (errorCodes as readonly string[]).includes(envelope.error?.code ?? '')
        ? (envelope.error?.code as ErrorCode)
        : 'internal';
      throw new AppFailure(
        code,
        envelope.error?.message ?? `Errore HTTP ${response.status}`,
        envelope.error?.details,
      );
    }
    const parsed = schema.safeParse(envelope.value);
    if (!parsed.success)
      throw new AppFailure('internal', 'Risposta dell’API centrale non conforme al protocollo.');
    return parsed.data;
  };
  return {
    login: (email: string, password: string) => call('/auth/login', { email, password }, loginResponseSchema),
    logout: () => call('/auth/logout', {}, loginResponseSchema.pick({}).passthrough()),
    push: (request: PushRequest) => call('/sync/push', request, pushResponseSchema),
    pull: (cursor: number, limit: number, presence?: { clientId: string; pending: number }) =>
      call('/sync/pull', presence ? { cursor, limit, presence } : { cursor, limit }, pullResponseSchema),
    snapshot: (refs: EntityRef[]) => call('/sync/snapshot', { refs }, snapshotResponseSchema),
    auditTrail: (request: AuditTrailRequest) => call('/review/audit', request, auditTrailSchema),
    consoles: () => call('/review/consoles', {}, consolesResponseSchema),
  };
};
export type ApiClient = ReturnType<typeof createApiClient>;
