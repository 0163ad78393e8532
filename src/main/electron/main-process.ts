import { app, type BrowserWindow, dialog, powerMonitor } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/core.ts';
import { resolveDataDirectory } from '../core/data-directory.ts';
import { decideQuit } from '../core/updates/update-policy.ts';
import { createUpdater, type Updater, type UpdaterPort } from '../core/updates/updater.ts';
import { registerAppSchemeAsPrivileged, serveRendererFromDisk } from './app-protocol.ts';
import { forwardCoreEvents, registerHostChannels } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { createElectronSecretStore } from './electron-secret-store.ts';
import { packagedAppOrigin } from '../security/navigation-policy.ts';
import { rendererLocation } from '../security/dev-switches.ts';
import { toAppError } from '../../shared/result.ts';

/** The window's icon: beside the packaged app's resources, or the checkout's runtime assets (`resources/`). */
const windowIcon = (mainDirectory: string): string | null => {
  const candidate = app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(mainDirectory, '../../resources/icon.png');
  return existsSync(candidate) ? candidate : null;
};

export type MainProcessOptions = {
  /** The built main bundle's folder (out/main): the renderer, the preload and the pull worker are beside it. */
  mainDirectory: string;
  /** electron-updater's autoUpdater, only for an installed app (never in development or tests). */
  updaterPort: (() => UpdaterPort) | null;
  /** Where data lives; the default is the per-user folder (`PRESIDIO_DATA_DIR` overrides it). */
  dataDirectory?: string;
};

/**
 * The Electron composition root: one instance, the core, the window, the IPC channels, the
 * updater and a quit that never loses work. Every decision it carries out lives in core/ or
 * security/ (pure, tested); this file only wires them, and is itself exercised under plain Node
 * with a stand-in for the `electron` module (test/integration/electron-main.test.ts).
 */
export const startMainProcess = (options: MainProcessOptions) => {
  const { appOrigin, startUrl } = rendererLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    packagedOrigin: packagedAppOrigin,
  });
  let core: Core | undefined;
  let window: BrowserWindow | undefined;
  let updater: Updater | undefined;
  let quitConfirmed = false;
  let coreClosed = false;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), core: () => core, window: () => window };
  }
  const dataDirectory = options.dataDirectory ?? resolveDataDirectory();
  app.setPath('userData', dataDirectory);
  registerAppSchemeAsPrivileged();

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  /** Asks before quitting with unsent work or a running timer; true when the quit may go on. */
  const mayQuit = (): boolean => {
    if (quitConfirmed || !core) return true;
    const decision = decideQuit(core.workInProgress(), updater?.isDownloaded() ?? false);
    if (decision.confirm) {
      const choice = dialog.showMessageBoxSync({
        type: 'warning',
        buttons: ['Resta in Presidio', 'Esci comunque'],
        defaultId: 0,
        cancelId: 0,
        title: 'Presidio',
        message: decision.confirm.message,
        detail: decision.confirm.detail,
      });
      if (choice !== 1) return false;
    }
    quitConfirmed = true;
    return true;
  };

  const ready = app.whenReady().then(() => {
    try {
      core = createCore({
        dataDirectory,
        host: 'electron',
        version: app.getVersion(),
        autoSync: true,
        secrets: createElectronSecretStore(dataDirectory),
        // Bundled next to the main bundle by electron-vite (see electron.vite.config.ts).
        pullWorkerUrl: pathToFileURL(join(options.mainDirectory, 'pull-worker.js')),
        // Idle means the whole computer, not just this window: remote-control work happens elsewhere.
        systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
      });
    } catch (error) {
      dialog.showErrorBox('Presidio non può avviarsi', toAppError(error).message);
      app.quit();
      return;
    }
    const started = core;
    serveRendererFromDisk(join(options.mainDirectory, '../renderer'));
    registerHostChannels(started, appOrigin);
    window = createMainWindow({ preloadPath: join(options.mainDirectory, '../preload/index.cjs'), appOrigin, startUrl, iconPath: windowIcon(options.mainDirectory) });
    window.on('close', (event) => {
      if (!mayQuit()) event.preventDefault();
    });
    forwardCoreEvents(started, window);
    // Back from sleep or a network change: sync at once rather than at the next period.
    powerMonitor.on('resume', () => started.sync.nudge());
    powerMonitor.on('unlock-screen', () => started.sync.nudge());
    if (options.updaterPort) {
      updater = createUpdater({
        updater: options.updaterPort(),
        work: () => started.workInProgress(),
        idleSeconds: () => powerMonitor.getSystemIdleTime(),
        now: () => Date.now(),
        channel: started.updateChannel(),
        publish: (status) => started.events.emit('update.status', status),
        log: (message, error) => console.warn(`${message}: ${toAppError(error).message}`),
      });
      started.setUpdateSource(updater);
      updater.start();
    }
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!mayQuit()) event.preventDefault();
  });
  // The core closes (timers' heartbeat, sync, the database) before the process ends; then a downloaded update installs.
  app.on('will-quit', (event) => {
    if (coreClosed || !core) return;
    event.preventDefault();
    const closing = core;
    void closing
      .close()
      .catch((error: unknown) => console.warn(`chiusura non pulita: ${toAppError(error).message}`))
      .finally(() => {
        coreClosed = true;
        // An install the updater began itself (nothing was at stake) resumes its quit; a pending one installs now.
        if (updater?.isDownloaded() && !updater.isInstalling()) updater.installOnQuit();
        else app.quit();
      });
  });

  return { ready, core: () => core, window: () => window };
};
