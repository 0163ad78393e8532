import type { z } from 'zod';
import { readEnvelope } from '../shared/result.ts';

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
  const reading = readEnvelope(await response.json().catch(() => null), schema);
  switch (reading.kind) {
    case 'value':
      return reading.value;
    case 'failure':
      throw new PortalError(reading.error.code, reading.error.message);
    case 'malformed':
      throw new PortalError('internal', `Errore del servizio (HTTP ${response.status}).`);
    case 'nonconforming':
      throw new PortalError('internal', 'Risposta del servizio non valida.');
  }
};

/** Uploads one file's bytes (its name in `x-file-name`): the API answers its reference, checked against the contract. */
export const portalUpload = async <S extends z.ZodType>(file: File, schema: S): Promise<z.output<S>> => {
  let response: Response;
  try {
    response = await fetch('/portal/api/attachments', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body: file,
    });
  } catch {
    throw new PortalError('unavailable', 'Servizio non raggiungibile: controlli la connessione e riprovi.');
  }
  if (response.status === 413) throw new PortalError('invalid_argument', `«${file.name}» è troppo grande: al massimo 10 MB per allegato.`);
  const reading = readEnvelope(await response.json().catch(() => null), schema);
  if (reading.kind === 'value') return reading.value;
  if (reading.kind === 'failure') throw new PortalError(reading.error.code, reading.error.message);
  throw new PortalError('internal', `Caricamento di «${file.name}» non riuscito (HTTP ${response.status}).`);
};
