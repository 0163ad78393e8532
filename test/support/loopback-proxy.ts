import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'drop-push-response' | 'refuse' | 'refuse-after-push';

/**
 * A small HTTP proxy on loopback in front of the central API, to cut the line in chosen ways:
 * `drop-push-response` forwards a push, lets the server commit it, then kills the connection
 * before the console hears the answer; `refuse-after-push` answers pushes and cuts every other
 * call (the line drops right after a push was answered).
 */
export const startLoopbackProxy = async (initialTarget: string) => {
  let target = initialTarget;
  let mode: ProxyMode = 'pass';
  const seen: string[] = [];
  let dropped = 0;
  let pushesForwarded = 0;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer) => {
    const url = new URL(incoming.url ?? '/', target);
    const upstream = httpRequest(url, { method: incoming.method, headers: { ...incoming.headers, host: url.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        if (mode === 'drop-push-response' && incoming.url === '/sync/push') {
          dropped += 1;
          incoming.socket.destroy();
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(Buffer.concat(chunks));
      });
    });
    upstream.on('error', () => incoming.socket.destroy());
    upstream.end(body);
    if (incoming.url === '/sync/push') pushesForwarded += 1;
  };

  const server = createServer((incoming, outgoing) => {
    seen.push(incoming.url ?? '');
    if (mode === 'refuse' || (mode === 'refuse-after-push' && incoming.url !== '/sync/push')) {
      incoming.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => forward(incoming, outgoing, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next: ProxyMode) => {
      mode = next;
    },
    setTarget: (next: string) => {
      target = next;
    },
    seen,
    dropped: () => dropped,
    pushesForwarded: () => pushesForwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
