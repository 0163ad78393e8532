/**
 * Reverse-proxy and Host settings of the central API, read from the environment at composition.
 * Pure so the parsing is tested; `buildServer` takes the parsed values.
 */
export type TrustProxy = false | number | string[];

/**
 * `PRESIDIO_TRUST_PROXY`: unset or empty → trust no forwarded header (the client is the socket's
 * peer); a number → that many proxy hops in front; otherwise a comma-separated list of proxy
 * addresses or CIDR ranges whose `X-Forwarded-For` is believed. "true" is refused: trusting
 * every hop lets any client pick its own address and dodge the per-address login limit.
 */
export const parseTrustProxy = (value: string | undefined): TrustProxy => {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true') throw new Error('PRESIDIO_TRUST_PROXY=true non è ammesso: indica gli indirizzi dei proxy o il numero di passaggi.');
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const invalid = entries.find((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry));
  if (invalid) throw new Error(`PRESIDIO_TRUST_PROXY: "${invalid}" non è un indirizzo IP o una rete CIDR.`);
  return entries;
};

/** `PRESIDIO_ALLOWED_HOSTS`: comma-separated `host` or `host:port` values; unset → any Host. */
export const parseAllowedHosts = (value: string | undefined): string[] | null => {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return entries.length > 0 ? entries : null;
};

/** A Host header matches an entry given with its port exactly, or an entry without port on any port. */
export const isHostAllowed = (host: string | undefined, allowed: readonly string[] | null): boolean => {
  if (allowed === null) return true;
  if (!host) return false;
  const normalized = host.toLowerCase();
  const withoutPort = normalized.replace(/:\d+$/, '');
  return allowed.includes(normalized) || allowed.includes(withoutPort);
};

/**
 * The Host values the API answers when `PRESIDIO_ALLOWED_HOSTS` is unset: with a public address
 * (`PRESIDIO_PUBLIC_URL`), that address's host plus this machine's loopback names on any port
 * (health checks, a proxy on the same machine); anything else is a rebinding or a misrouted
 * request. Without a public address the API answers any Host (it listens on loopback only).
 */
export const defaultAllowedHosts = (publicUrl: string | undefined): string[] | null => {
  const text = publicUrl?.trim();
  if (!text) return null;
  let host: string;
  try {
    host = new URL(text).host.toLowerCase();
  } catch {
    return null;
  }
  return [...new Set([host, '127.0.0.1', 'localhost', '[::1]'])];
};

/**
 * `PRESIDIO_HOST`: the address the API listens on. Loopback unless set, and set only together with
 * `PRESIDIO_TRUST_PROXY` and `PRESIDIO_ALLOWED_HOSTS`: an API reachable from other machines must
 * know which proxies to believe (the per-address limits) and which Host names are its own (DNS
 * rebinding). A proxy on the same machine needs none of this.
 */
export const parseListenHost = (env: { PRESIDIO_HOST?: string | undefined; PRESIDIO_TRUST_PROXY?: string | undefined; PRESIDIO_ALLOWED_HOSTS?: string | undefined }): string => {
  const host = env.PRESIDIO_HOST?.trim() ?? '';
  if (host === '' || host === '127.0.0.1' || host === '::1' || host === 'localhost') return host === '' || host === 'localhost' ? '127.0.0.1' : host;
  if (!/^[0-9a-fA-F:.]+$/.test(host)) throw new Error(`PRESIDIO_HOST: "${host}" non è un indirizzo IP.`);
  if (parseTrustProxy(env.PRESIDIO_TRUST_PROXY) === false || parseAllowedHosts(env.PRESIDIO_ALLOWED_HOSTS) === null)
    throw new Error('PRESIDIO_HOST oltre il loopback richiede anche PRESIDIO_TRUST_PROXY (i proxy davanti all’API) e PRESIDIO_ALLOWED_HOSTS (i nomi pubblici dell’API): docs/deploy.md.');
  return host;
};
