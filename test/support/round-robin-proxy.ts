import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer on loopback in front of several API processes: each request goes to the next
 * one in turn, as a round-robin balancer spreads consoles and customers over the processes.
 */
export const startRoundRobinProxy = async (targets: readonly string[]) => {
  let next = 0;
  const served = new Map<string, number>();
  const server = createServer((incoming, outgoing) => {
    const target = targets[next % targets.length] ?? '';
    next += 1;
    served.set(target, (served.get(target) ?? 0) + 1);
    const url = new URL(incoming.url ?? '/', target);
    const upstream = httpRequest(url, { method: incoming.method, headers: { ...incoming.headers, host: url.host } }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => incoming.socket.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => new Map(served),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
