import { app, type BrowserWindow, dialog, powerMonitor } from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from './core/core.ts';
import { resolveDataDirectory } from './core/data-directory.ts';
import { registerAppSchemeAsPrivileged, serveRendererFromDisk } from './electron/app-protocol.ts';
import { forwardCoreEvents, registerHostChannels } from './electron/ipc.ts';
import { createMainWindow } from './electron/main-window.ts';
import { packagedAppOrigin } from './security/navigation-policy.ts';
import { rendererLocation } from './security/dev-switches.ts';
import { createElectronSecretStore } from './electron/electron-secret-store.ts';
import { toAppError } from '../shared/result.ts';

// Composition root only: every decision lives in core/ or security/, which run without Electron.
const here = fileURLToPath(new URL('.', import.meta.url));
const { appOrigin, startUrl } = rendererLocation({
  isPackaged: app.isPackaged,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  packagedOrigin: packagedAppOrigin,
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const dataDirectory = resolveDataDirectory();
  app.setPath('userData', dataDirectory);
  registerAppSchemeAsPrivileged();
  let core: Core | undefined;
  let window: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(() => {
    try {
      core = createCore({
        dataDirectory,
        host: 'electron',
        version: app.getVersion(),
        autoSync: true,
        secrets: createElectronSecretStore(dataDirectory),
        // Bundled next to this file by electron-vite (see electron.vite.config.ts).
        pullWorkerUrl: new URL('./pull-worker.js', import.meta.url),
        // Idle means the whole computer, not just this window: remote-control work happens elsewhere.
        systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
      });
    } catch (error) {
      dialog.showErrorBox('Presidio non può avviarsi', toAppError(error).message);
      app.quit();
      return;
    }
    serveRendererFromDisk(join(here, '../renderer'));
    registerHostChannels(core, appOrigin);
    window = createMainWindow({
      preloadPath: join(here, '../preload/index.cjs'),
      appOrigin,
      startUrl,
    });
    forwardCoreEvents(core, window);
    // Back from sleep or a network change: sync at once rather than at the next period.
    powerMonitor.on('resume', () => core?.sync.nudge());
    powerMonitor.on('unlock-screen', () => core?.sync.nudge());
    if (app.isPackaged) void electronUpdater.autoUpdater.checkForUpdatesAndNotify();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void core?.close();
  });
}
