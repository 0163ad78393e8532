import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../security/content-security-policy.ts';
import { appHost, appScheme } from '../security/navigation-policy.ts';

/** Must run before `app.ready`: the scheme behaves like https (secure context, fetch, CORS). */
export const registerAppSchemeAsPrivileged = (): void => {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
};

/** Serves the built renderer from disk under app://presidio/, never anything outside it. */
export const serveRendererFromDisk = (rendererDirectory: string): void => {
  const root = normalize(rendererDirectory);
  const csp = contentSecurityPolicy({ development: false });
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Not found', { status: 404 });
    const candidate = normalize(join(root, decodeURIComponent(url.pathname)));
    const file = candidate.startsWith(root + sep) && !candidate.endsWith(sep) ? candidate : join(root, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return net.fetch(pathToFileURL(join(root, 'index.html')).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', csp);
    return new Response(response.body, { status: response.status, headers });
  });
};
