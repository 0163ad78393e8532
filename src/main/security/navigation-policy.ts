/** The origin the packaged renderer is served from (a privileged custom scheme, not file://). */
export const appScheme = 'app';
export const appHost = 'presidio';
export const packagedAppOrigin = `${appScheme}://${appHost}`;

const originOf = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    // Custom schemes report an opaque origin ("null"); rebuild it from scheme and host.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
};

export const isAppOrigin = (url: string, appOrigin: string): boolean => originOf(url) === appOrigin;

/** In-window navigation: only within the app itself. */
export const isNavigationAllowed = (url: string, appOrigin: string): boolean => isAppOrigin(url, appOrigin);

export const defaultExternalAllowList = ['www.leotron.it', 'leotron.it', 'support.leotron.it'] as const;

/** `shell.openExternal` only for https links to hosts on the allow-list. */
export const isExternalUrlAllowed = (url: string, allowList: readonly string[] = defaultExternalAllowList): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && allowList.includes(parsed.hostname);
  } catch {
    return false;
  }
};

export type WindowOpenDecision = { action: 'deny'; openExternally: boolean };

/**
 * `window.open` and target=_blank never create a new Electron window: the app is one window.
 * Allow-listed https links go to the system browser instead.
 */
export const decideWindowOpen = (url: string, allowList: readonly string[] = defaultExternalAllowList): WindowOpenDecision => ({
  action: 'deny',
  openExternally: isExternalUrlAllowed(url, allowList),
});

/** Permission requests (camera, notifications, geolocation, …) are all denied. */
export const isPermissionGranted = (_permission: string, _requestingUrl: string): boolean => false;

/** IPC is answered only for the app's own top-level frame. */
export const isTrustedIpcSender = (
  sender: { url: string; isTopFrame: boolean } | null,
  appOrigin: string,
): boolean => sender !== null && sender.isTopFrame && isAppOrigin(sender.url, appOrigin);
