/**
 * One-use secrets travel in some request targets (the feedback link's token in its path; reset or
 * invite tokens in a query string). The request log keeps who asked for what, never the secret:
 * whoever reads the logs must not be able to open a customer's form or take over an account.
 */
const secretPathSegments = [/^(\/feedback\/)[^/?#]+/, /^(\/(?:auth|portal\/api)\/password-reset\/)[^/?#]+/];
const secretQueryNames = new Set(['token', 'key', 'reset', 'invite', 'code', 'password']);

export const redactedMark = '[redatto]';

export const redactRequestTarget = (target: string): string => {
  const queryAt = target.indexOf('?');
  let path = queryAt === -1 ? target : target.slice(0, queryAt);
  for (const pattern of secretPathSegments) path = path.replace(pattern, `$1${redactedMark}`);
  if (queryAt === -1) return path;
  const query = target
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // An undecodable name is kept as it came; only known names are secrets.
      }
      return secretQueryNames.has(decoded.toLowerCase()) && pair.includes('=') ? `${name}=${redactedMark}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
};

/** Fastify's request serializer with the target redacted (the same fields as its default one). */
export const redactedRequestSerializer = (request: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) => ({
  method: request.method,
  url: redactRequestTarget(request.url),
  host: request.hostname,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});
