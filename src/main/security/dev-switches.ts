/**
 * Switches meant for development only. A packaged console ignores them: a variable pointing the
 * window at another origin would hand that origin the whole host API (IPC trusts the app origin).
 */
export type RendererLocation = { appOrigin: string; startUrl: string; development: boolean };

const isLocalDevServer = (url: URL): boolean =>
  (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');

export const rendererLocation = (options: { isPackaged: boolean; devServerUrl: string | undefined; packagedOrigin: string }): RendererLocation => {
  const packaged = { appOrigin: options.packagedOrigin, startUrl: `${options.packagedOrigin}/index.html`, development: false };
  if (options.isPackaged || !options.devServerUrl) return packaged;
  let url: URL;
  try {
    url = new URL(options.devServerUrl);
  } catch {
    return packaged;
  }
  // Even in development only a dev server on this machine, never a remote origin.
  return isLocalDevServer(url) ? { appOrigin: url.origin, startUrl: url.href, development: true } : packaged;
};
