import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { fileURLToPath } from 'node:url';
import { startMainProcess } from './electron/main-process.ts';

// Composition root only: everything is wired in electron/main-process.ts, exercised by the tests.
startMainProcess({
  mainDirectory: fileURLToPath(new URL('.', import.meta.url)),
  // Only an installed app updates itself, and never when told not to (a managed workstation).
  updaterPort: app.isPackaged && process.env['PRESIDIO_DISABLE_UPDATES'] !== '1' ? () => electronUpdater.autoUpdater : null,
});
