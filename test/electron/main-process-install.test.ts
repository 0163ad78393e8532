import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startMainProcess } from '../../src/main/electron/main-process.ts';
import { app, dialog, powerMonitor } from '../support/electron-stand-in.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { updaterPortStandIn } from '../support/updater-port-stand-in.ts';

/** Nothing at stake (no timer, nothing unsent, nobody at the keyboard): the update installs by itself, after the core closes. */
const root = makeTempDirectory('presidio-electron-install-');
const mainDirectory = join(root.path, 'out', 'main');
mkdirSync(mainDirectory, { recursive: true });
mkdirSync(join(root.path, 'out', 'renderer'), { recursive: true });
writeFileSync(join(root.path, 'out', 'renderer', 'index.html'), '<!doctype html>');

// As electron-updater does after an install is requested: quit the app.
const updaterPort = updaterPortStandIn({ onInstall: () => app.quit() });

afterAll(() => root.remove());

it('an idle workstation restarts into a downloaded update, closing the core first, asking nothing', async () => {
  const main = startMainProcess({ mainDirectory, updaterPort: () => updaterPort, dataDirectory: join(root.path, 'data') });
  app.becomeReady();
  await main.ready;
  const core = main.core()!;
  const finished = new Promise<void>((resolve) => app.once('quit-finished', () => resolve()));
  powerMonitor.idleSeconds = 3600;
  updaterPort.emit('update-downloaded', { version: '2.0.0' });
  await finished;
  expect(updaterPort.installs).toEqual([[true, true]]);
  expect(core.local.sqlite.open).toBe(false);
  expect(dialog.messageBoxes).toEqual([]);
});
