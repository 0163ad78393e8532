import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { dispatchHostCall } from '../shared/host-api/dispatch.ts';
import { hostEventNames } from '../shared/host-api/contract.ts';
import { fail, httpStatusFor } from '../shared/result.ts';
import { exceedsJsonDepth } from '../shared/json-limits.ts';
import { importUploadMaxBodyBytes } from '../shared/import/import-api.ts';
import { attachmentUploadMaxBodyBytes } from '../shared/conversation/attachment-types.ts';
import { contentSecurityPolicy } from '../main/security/content-security-policy.ts';
import {
  isAllowedHost,
  isAllowedRequestSource,
  loopbackHostsFor,
  loopbackOriginsFor,
  type RequestSource,
} from '../main/security/request-origin-policy.ts';
import type { Core } from '../main/core/core.ts';

export const loopbackHost = '127.0.0.1';
/** Any call but an import's upload (a file of up to 20 MB as base64). */
const maxBodyBytes = 1_000_000;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
};

const tokenMatches = (expected: Buffer, presented: string | null | undefined): boolean => {
  if (!presented) return false;
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

class BodyTooLarge extends Error {}

/** Reads a body up to the limit; past it, stops reading and lets the caller answer 413. */
const readBody = (request: IncomingMessage, maxBodyBytes: number): Promise<string> =>
  new Promise((resolveBody, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      reject(new BodyTooLarge());
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        request.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

/** Answers and closes the connection, so an unread body left on the socket cannot be parsed as a request. */
const sendJsonAndClose = (response: ServerResponse, status: number, body: unknown): void => {
  response.setHeader('connection', 'close');
  sendJson(response, status, body);
};

const eventTicketLifetimeMs = 30_000;

export type WebHostOptions = {
  core: Core;
  rendererDirectory: string;
  port?: number;
  token?: string;
};

export type WebHost = { url: string; origin: string; token: string; close: () => Promise<void> };

/**
 * Serves the built renderer and every host-API channel over HTTP on loopback only. It is how
 * the console runs in a plain browser (end-to-end tests, development); it builds nothing of its
 * own: the handlers are the core's, the dispatch is the same one IPC uses.
 */
export const startWebHost = async (options: WebHostOptions): Promise<WebHost> => {
  const token = options.token ?? randomBytes(32).toString('hex');
  const expected = Buffer.from(token);
  const root = resolve(options.rendererDirectory);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`Renderer non compilato in ${root}: esegui prima "npm run build".`);
  }
  // A header, unlike the page's <meta>, can forbid framing (clickjacking of the timer's buttons).
  const csp = `${contentSecurityPolicy({ development: false })}; frame-ancestors 'none'`;
  const sseClients = new Set<ServerResponse>();
  /** Single-use, short-lived tickets for the event stream: EventSource cannot send a header, and the token never goes in a URL. */
  const eventTickets = new Map<string, number>();
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  const unsubscribe = options.core.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const serveStatic = (pathname: string, response: ServerResponse): void => {
    const decoded = decodeURIComponent(pathname);
    if (decoded.includes('\0')) {
      sendJsonAndClose(response, 400, fail('invalid_argument', 'Percorso non valido.'));
      return;
    }
    const candidate = normalize(join(root, decoded));
    const inside = candidate === root || candidate.startsWith(root + sep);
    // Anything outside the renderer folder, or not a file, gets the app's page (client-side routes).
    const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, 'index.html');
    const stream = createReadStream(file);
    stream.once('error', () => {
      if (!response.headersSent) sendJson(response, 404, fail('not_found', 'File non trovato.'));
      else response.destroy();
    });
    stream.once('open', () => {
      response.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'no-cache',
      });
      stream.pipe(response);
    });
  };

  const hasToken = (request: IncomingMessage) => tokenMatches(expected, request.headers.authorization?.replace(/^Bearer\s+/i, ''));

  const callChannel = (request: IncomingMessage, response: ServerResponse, channel: string): void => {
    readBody(request, channel === 'admin.import' ? importUploadMaxBodyBytes : channel === 'attachments.upload' ? attachmentUploadMaxBodyBytes : maxBodyBytes)
      .then(async (text) => {
        if (exceedsJsonDepth(text)) {
          sendJson(response, 400, fail('invalid_argument', 'Richiesta non valida: struttura troppo annidata.'));
          return;
        }
        let body: unknown;
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          sendJson(response, 400, fail('invalid_argument', 'Richiesta non valida: JSON malformato.'));
          return;
        }
        const result = await dispatchHostCall(options.core.handlers, channel, body);
        sendJson(response, httpStatusFor(result), result);
      })
      .catch((error: unknown) => {
        if (response.headersSent) return;
        if (error instanceof BodyTooLarge) sendJsonAndClose(response, 413, fail('invalid_argument', 'Richiesta troppo grande.'));
        else sendJsonAndClose(response, 400, fail('invalid_argument', 'Richiesta non valida.'));
      });
  };

  const openEventStream = (request: IncomingMessage, response: ServerResponse, ticket: string | null): void => {
    const expiresAt = ticket ? eventTickets.get(ticket) : undefined;
    if (ticket) eventTickets.delete(ticket);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      sendJson(response, 401, fail('unauthorized', 'Biglietto per gli eventi mancante, usato o scaduto.'));
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(`event: ready\ndata: ${JSON.stringify({ events: hostEventNames })}\n\n`);
    sseClients.add(response);
    request.on('close', () => sseClients.delete(response));
  };

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    if (!isAllowedHost(request.headers.host, allowedHosts)) {
      sendJsonAndClose(response, 421, fail('forbidden', 'Host non ammesso: usa l’indirizzo stampato all’avvio.'));
      return;
    }
    const url = new URL(request.url ?? '/', `http://${loopbackHost}`);
    const acting = url.pathname.startsWith('/rpc/') || url.pathname === '/events' || url.pathname === '/events/ticket';
    const source = {
      host: request.headers.host,
      origin: request.headers.origin,
      fetchSite: typeof request.headers['sec-fetch-site'] === 'string' ? request.headers['sec-fetch-site'] : undefined,
    } satisfies RequestSource;
    if (acting && !isAllowedRequestSource(source, allowedOrigins)) {
      sendJsonAndClose(response, 403, fail('forbidden', 'Richiesta da un’origine non ammessa.'));
      return;
    }
    if (url.pathname.startsWith('/rpc/') || url.pathname === '/events/ticket') {
      if (request.method !== 'POST') {
        sendJsonAndClose(response, 405, fail('invalid_argument', 'Metodo non consentito: usa POST.'));
        return;
      }
      if (!hasToken(request)) {
        sendJsonAndClose(response, 401, fail('unauthorized', 'Token mancante o non valido.'));
        return;
      }
      if (url.pathname === '/events/ticket') {
        const ticket = randomBytes(24).toString('hex');
        const now = Date.now();
        for (const [old, expiresAt] of eventTickets) if (expiresAt < now) eventTickets.delete(old);
        eventTickets.set(ticket, now + eventTicketLifetimeMs);
        request.resume();
        sendJson(response, 200, { ok: true, value: { ticket } });
        return;
      }
      callChannel(request, response, decodeURIComponent(url.pathname.slice('/rpc/'.length)));
      return;
    }
    if (url.pathname === '/events') {
      if (request.method !== 'GET') {
        sendJsonAndClose(response, 405, fail('invalid_argument', 'Metodo non consentito: usa GET.'));
        return;
      }
      openEventStream(request, response, url.searchParams.get('ticket'));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJsonAndClose(response, 405, fail('invalid_argument', 'Metodo non consentito.'));
      return;
    }
    serveStatic(url.pathname, response);
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (request, response) => {
    // A malformed request never takes the host (and the technician's running timer) down.
    request.on('error', () => response.destroy());
    response.on('error', () => undefined);
    try {
      route(request, response);
    } catch {
      if (!response.headersSent) sendJsonAndClose(response, 400, fail('invalid_argument', 'Richiesta non valida.'));
      else response.destroy();
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopbackHost, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  allowedHosts = loopbackHostsFor(address.port);
  allowedOrigins = loopbackOriginsFor(address.port);
  const origin = `http://${loopbackHost}:${address.port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: async () => {
      unsubscribe();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
};
