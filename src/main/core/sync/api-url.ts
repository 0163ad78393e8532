/**
 * The central API's address as a technician types it. The password and the session token travel
 * to it, so anything but loopback must be https: on a network, http would carry them in clear.
 */
const isLoopbackHostname = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

export type ApiUrlCheck = { ok: true; origin: string } | { ok: false; message: string };

export const checkApiUrl = (text: string): ApiUrlCheck => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      ok: false,
      message: 'Indirizzo dell’API centrale non valido (es. https://presidio.example.it).',
    };
  }
  if (url.protocol === 'https:') return { ok: true, origin: url.origin };
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return { ok: true, origin: url.origin };
  if (url.protocol === 'http:') {
    return {
      ok: false,
      message:
        'Usa un indirizzo https:// per l’API centrale: con http la password viaggerebbe in chiaro (http è ammesso solo per 127.0.0.1 e localhost).',
    };
  }
  return { ok: false, message: 'Indirizzo dell’API centrale non valido (es. https://presidio.example.it).' };
};
