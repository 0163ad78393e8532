import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of the WhatsApp Business Platform's Graph API for media, speaking its documented
 * exchange: `GET /<media-id>` (Bearer token) answers `{ url, mime_type, id }`, and that URL
 * answers the bytes (same token). `failNext(n)` answers the next n calls 503, as the platform
 * does when busy. It counts the calls and keeps the tokens it was shown.
 */
export const startWhatsAppPlatform = async (options: { accessToken: string }) => {
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  const calls: string[] = [];
  /** What the desk sent through the send API (`POST /<phone-number-id>/messages`). */
  const sent: Array<Record<string, unknown>> = [];
  let failures = 0;
  const server = createServer((request, response) => {
    calls.push(`${request.method} ${request.url}`);
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Invalid OAuth access token.', code: 190 } }));
      return;
    }
    if (failures > 0) {
      failures -= 1;
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Service temporarily unavailable', code: 2 } }));
      return;
    }
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method === 'POST' && /^\/\d+\/messages$/.test(url.pathname)) {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        sent.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body['to'], wa_id: body['to'] }], messages: [{ id: `wamid.out.${sent.length}` }] }));
      });
      return;
    }
    const file = /^\/files\/(.+)$/.exec(url.pathname);
    if (file) {
      const item = media.get(decodeURIComponent(file[1] ?? ''));
      if (!item) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': item.mimeType }).end(item.bytes);
      return;
    }
    const id = decodeURIComponent(url.pathname.slice(1));
    const item = media.get(id);
    if (!item) return void response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Unsupported get request.', code: 100 } }));
    const { port } = server.address() as AddressInfo;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messaging_product: 'whatsapp', url: `http://127.0.0.1:${port}/files/${encodeURIComponent(id)}`, mime_type: item.mimeType, file_size: item.bytes.length, id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent,
    addMedia: (id: string, bytes: Buffer, mimeType: string) => media.set(id, { bytes, mimeType }),
    failNext: (count: number) => {
      failures = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
