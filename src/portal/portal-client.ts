import type { z } from 'zod';

/** A failure the portal shows as it is: the API's Italian message. */
export class PortalError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

let csrfToken = '';
/** The session's CSRF token, sent with every change (the API refuses changes without it). */
export const setCsrfToken = (token: string): void => {
  csrfToken = token;
};

/**
 * The portal's only way to the API: same origin, the session cookie travels by itself, every
 * answer is checked against the shared contract before a page sees it.
 */
export const portalCall = async <S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.output<S>> => {
  let response: Response;
  try {
    response = await fetch(`/portal/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method === 'POST' && csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PortalError('unavailable', 'Servizio non raggiungibile: controlli la connessione e riprovi.');
  }
  const envelope = (await response.json().catch(() => null)) as { ok?: boolean; value?: unknown; error?: { code?: string; message?: string } } | null;
  if (!envelope?.ok) throw new PortalError(envelope?.error?.code ?? 'internal', envelope?.error?.message ?? `Errore del servizio (HTTP ${response.status}).`);
  const parsed = schema.safeParse(envelope.value);
  if (!parsed.success) throw new PortalError('internal', 'Risposta del servizio non valida.');
  return parsed.data;
};
