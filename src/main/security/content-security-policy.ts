/**
 * The renderer's Content Security Policy. Production allows only the app's own scripts and
 * styles: no inline code, no eval. Development additionally lets Vite's dev server push
 * modules over its websocket.
 */
export const contentSecurityPolicy = (options: { development: boolean; devServerOrigin?: string }): string => {
  const self = "'self'";
  const dev = options.development && options.devServerOrigin ? options.devServerOrigin : undefined;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Array<[string, string[]]> = [
    ['default-src', [self]],
    ['script-src', dev ? [self, dev] : [self]],
    ['style-src', dev ? [self, dev, "'unsafe-inline'"] : [self]],
    ['img-src', [self, 'data:']],
    // A voicemail or a customer's audio note plays from the bytes the API sent (a data: URL).
    ['media-src', [self, 'data:']],
    ['font-src', [self]],
    ['connect-src', dev && devSocket ? [self, dev, devSocket] : [self]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
};
