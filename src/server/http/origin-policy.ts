/**
 * Which browser pages may change things on the API. The staff consoles and J2K call it from
 * programs that send no `Origin`; the portal and the feedback form are pages of the API itself.
 * So a request that carries an Origin must carry ours: a foreign page's form or script (login CSRF,
 * invite acceptance, a vote cast in someone's name) is refused, and so is an opaque (`null`) or
 * unreadable Origin, which a sandboxed frame or a privacy redirect sends and which proves nothing.
 * Pure, so the verdicts are tested one by one.
 */
export type OriginVerdict = 'absent' | 'same' | 'foreign' | 'opaque';

export const judgeOrigin = (origin: string | undefined, host: string | undefined, ownOrigins: readonly string[]): OriginVerdict => {
  if (origin === undefined) return 'absent';
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'opaque';
  }
  if (origin === 'null' || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin === 'null') return 'opaque';
  if (host !== undefined && parsed.host === host.toLowerCase()) return 'same';
  return ownOrigins.includes(parsed.origin) ? 'same' : 'foreign';
};

const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Changes need an absent or own Origin; an opaque one is refused on every method. */
export const originRefused = (method: string, verdict: OriginVerdict): boolean =>
  verdict === 'opaque' || (verdict === 'foreign' && !readOnlyMethods.has(method.toUpperCase()));

/** The origin of `PRESIDIO_PUBLIC_URL`, which the portal and the feedback pages are served from behind a proxy. */
export const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};
