import { BrowserWindow, session, shell } from 'electron';
import {
  decideWindowOpen,
  isNavigationAllowed,
  isPermissionGranted,
} from '../security/navigation-policy.ts';
import { secureWebPreferences } from '../security/web-preferences.ts';

/** The one window, with every security decision taken by the pure, tested policies. */
export const createMainWindow = (options: { preloadPath: string; appOrigin: string; startUrl: string; iconPath: string | null }) => {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Presidio',
    backgroundColor: '#f5f6f8',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  window.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, options.appOrigin)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, options.appOrigin)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback) =>
    callback(isPermissionGranted(permission, webContents.getURL())),
  );
  session.defaultSession.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );

  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
};
