/**
 * The window's security settings, as a plain object so a test can pin every one of them.
 * Mirrors Electron's `WebPreferences` keys; the Electron glue passes it through unchanged.
 */
export const secureWebPreferences = (preloadPath: string) =>
  ({
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  }) as const;

export type SecureWebPreferences = ReturnType<typeof secureWebPreferences>;
