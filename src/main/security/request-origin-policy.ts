/**
 * Who may talk to a loopback HTTP surface (the browser host). A web page the technician opens
 * elsewhere can reach 127.0.0.1 too: through DNS rebinding (its own name resolving to loopback,
 * so the Host header is the attacker's name) or cross-site requests (an Origin that is not ours).
 * Both are refused before any token is looked at.
 */
export type RequestSource = {
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by browsers on every request, including those without an Origin. */
  fetchSite: string | undefined;
};

/** The Host values a loopback server on `port` answers to: nothing a DNS name can impersonate. */
export const loopbackHostsFor = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

export const loopbackOriginsFor = (port: number): string[] => loopbackHostsFor(port).map((host) => `http://${host}`);

export const isAllowedHost = (host: string | undefined, allowedHosts: readonly string[]): boolean =>
  host !== undefined && allowedHosts.includes(host.toLowerCase());

/**
 * Calls that act (RPC, the event stream) must come from our own page or from a non-browser
 * client (no Origin, no Sec-Fetch-Site: tests, scripts holding the token). A foreign or opaque
 * ("null") Origin, or a browser saying the request is cross-site, is refused.
 */
export const isAllowedRequestSource = (source: RequestSource, allowedOrigins: readonly string[]): boolean => {
  if (source.origin !== undefined && !allowedOrigins.includes(source.origin.toLowerCase())) return false;
  if (source.fetchSite !== undefined && source.fetchSite !== 'same-origin' && source.fetchSite !== 'none') return false;
  return true;
};
