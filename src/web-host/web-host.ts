import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { dispatchHostCall } from '../shared/host-api/dispatch.ts';
import { hostEventNames } from '../shared/host-api/contract.ts';
import { fail, type Result } from '../shared/result.ts';
import { contentSecurityPolicy } from '../main/security/content-security-policy.ts';
import type { Core } from '../main/core/core.ts';

export const loopbackHost = '127.0.0.1';
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

const statusFor = (result: Result<unknown>): number => {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'invalid_argument':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
    case 'unknown_channel':
      return 404;
    case 'conflict':
      return 409;
    default:
      return 500;
  }
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

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('too_large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

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
  const csp = contentSecurityPolicy({ development: false });
  const sseClients = new Set<ServerResponse>();

  const unsubscribe = options.core.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const serveStatic = (pathname: string, response: ServerResponse): void => {
    const decoded = decodeURIComponent(pathname);
    const candidate = normalize(join(root, decoded));
    const inside = candidate === root || candidate.startsWith(root + sep);
    // Anything outside the renderer folder, or not a file, gets the app's page (client-side routes).
    const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, 'index.html');
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${loopbackHost}`);
    if (url.pathname.startsWith('/rpc/')) {
      if (request.method !== 'POST') {
        sendJson(response, 405, fail('invalid_argument', 'Metodo non consentito: usa POST.'));
        return;
      }
      const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (!tokenMatches(expected, bearer)) {
        sendJson(response, 401, fail('unauthorized', 'Token mancante o non valido.'));
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      readBody(request)
        .then(async (text) => {
          let body: unknown;
          try {
            body = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            sendJson(response, 400, fail('invalid_argument', 'Richiesta non valida: JSON malformato.'));
            return;
          }
          const result = await dispatchHostCall(options.core.handlers, channel, body);
          sendJson(response, statusFor(result), result);
        })
        .catch(() => sendJson(response, 413, fail('invalid_argument', 'Richiesta troppo grande.')));
      return;
    }
    if (url.pathname === '/events') {
      if (!tokenMatches(expected, url.searchParams.get('token'))) {
        sendJson(response, 401, fail('unauthorized', 'Token mancante o non valido.'));
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
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, fail('invalid_argument', 'Metodo non consentito.'));
      return;
    }
    serveStatic(url.pathname, response);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopbackHost, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
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
