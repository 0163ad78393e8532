import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMainProcess } from '../../src/main/electron/main-process.ts';
import { writeSetting } from '../../src/main/core/settings/settings.repository.ts';
import { secureWebPreferences } from '../../src/main/security/web-preferences.ts';
import { hostChannels, ipcChannelName, ipcEventChannelName } from '../../src/shared/host-api/contract.ts';
import { newId } from '../../src/shared/ids.ts';
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, protocol } from '../support/electron-stand-in.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';
import { updaterPortStandIn } from '../support/updater-port-stand-in.ts';

/**
 * The Electron main process, run under plain Node with a stand-in for `electron` that records what
 * it is asked and fires its events: the composition root Presidio ships, unchanged.
 */
const root = makeTempDirectory('presidio-electron-');
const mainDirectory = join(root.path, 'out', 'main');
const rendererDirectory = join(root.path, 'out', 'renderer');
mkdirSync(mainDirectory, { recursive: true });
mkdirSync(join(rendererDirectory, 'assets'), { recursive: true });
writeFileSync(join(rendererDirectory, 'index.html'), '<!doctype html><title>Presidio</title>');
writeFileSync(join(rendererDirectory, 'assets', 'app.js'), 'console.log("presidio")');
writeFileSync(join(root.path, 'out', 'secret.txt'), 'not for the renderer');

/** electron-updater's autoUpdater as the updater drives it: checks, downloads and installs are recorded. */
const updaterPort = updaterPortStandIn({ onInstall: () => updaterPort.emit('installing') });

const main = startMainProcess({ mainDirectory, updaterPort: () => updaterPort, dataDirectory: join(root.path, 'data') });
app.becomeReady();
await main.ready;
const window = BrowserWindow.created[0]!;
const trusted = { senderFrame: { url: 'app://presidio/index.html' }, sender: { mainFrame: null as unknown } };
trusted.sender.mainFrame = trusted.senderFrame;

afterAll(async () => {
  await main.core()?.close();
  root.remove();
});

describe('the Electron main process (composition root, under a stand-in for electron)', () => {
  it('gives every contract channel a handler that checks its sender', async () => {
    for (const channel of hostChannels) expect(ipcMain.handlers.has(ipcChannelName(channel)), channel).toBe(true);
    const info = await ipcMain.handlers.get(ipcChannelName('app.info'))!(trusted, {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', version: '0.0.0-test' } });
    const stranger = { senderFrame: { url: 'https://evil.example/' }, sender: { mainFrame: null } };
    expect(await ipcMain.handlers.get(ipcChannelName('app.info'))!(stranger, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.paths.get('userData')).toBe(join(root.path, 'data'));
  });

  it('opens one window with the hardened preferences, on the app origin', () => {
    expect(BrowserWindow.created).toHaveLength(1);
    expect(window.options['webPreferences']).toEqual(secureWebPreferences(join(mainDirectory, '../preload/index.cjs')));
    expect(window.loadedUrl).toBe('app://presidio/index.html');
    expect(window.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('serves only files under the built renderer, with the CSP', async () => {
    expect(protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    const serve = protocol.handlers.get('app')!;
    const page = await serve(new Request('app://presidio/index.html'));
    expect(await page.text()).toContain('<title>Presidio</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await (await serve(new Request('app://presidio/assets/app.js'))).text()).toContain('presidio');
    for (const escape of ['app://presidio/%2e%2e/secret.txt', 'app://presidio/..%2fsecret.txt', 'app://presidio/assets/%2e%2e/%2e%2e/secret.txt']) {
      expect(await (await serve(new Request(escape))).text(), escape).not.toContain('not for the renderer');
    }
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('a second instance brings the first window back', () => {
    window.minimized = true;
    app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('checks for updates at start; a downloaded update waits while someone works, and says so', async () => {
    expect(updaterPort.checks).toBe(1);
    expect(updaterPort).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: false, channel: 'latest', allowPrerelease: false });
    powerMonitor.idleSeconds = 30;
    updaterPort.emit('update-available', { version: '1.2.0' });
    updaterPort.emit('update-downloaded', { version: '1.2.0' });
    expect(updaterPort.installs).toEqual([]);
    const status = await ipcMain.handlers.get(ipcChannelName('update.status'))!(trusted, {});
    expect(status).toMatchObject({ ok: true, value: { state: 'ready', version: '1.2.0', message: 'L’aggiornamento si installerà all’uscita da Presidio.' } });
    // The renderer heard it as a typed event.
    expect(window.webContents.sent.filter((item) => item.channel === ipcEventChannelName('update.status')).at(-1)?.payload).toMatchObject({ state: 'ready' });
    // The beta channel is a workstation setting the updater follows.
    const beta = await ipcMain.handlers.get(ipcChannelName('update.setChannel'))!(trusted, { channel: 'beta' });
    expect(beta).toMatchObject({ ok: true, value: { channel: 'beta' } });
    expect(updaterPort).toMatchObject({ channel: 'beta', allowPrerelease: true });
    expect(main.core()!.updateChannel()).toBe('beta');
  });

  it('asks before quitting with unsent work; staying keeps the window; quitting closes the core first, then installs the update', async () => {
    const core = main.core()!;
    // A signed-in technician (of an API that is not there) with one command waiting to be sent.
    const user = { id: newId(), email: 'anna@test.it', displayName: 'Anna', role: 'technician' as const };
    core.local.sqlite.prepare("INSERT INTO users (id, email, display_name, role) VALUES (?, ?, ?, 'technician')").run(user.id, user.email, user.displayName);
    writeSetting(core.local.sqlite, 'sync.session', { serverUrl: 'http://127.0.0.1:1', expiresAt: '2099-01-01T00:00:00.000Z', user });
    core.sync.execute('customer.create', { id: newId(), code: 'Q1', name: 'Bar Sport', vatNumber: null, email: null, phone: null, city: null });
    expect(core.workInProgress().pendingCommands).toBe(1);

    dialog.nextAnswer = 0;
    expect(window.userCloses()).toBe(false);
    expect(dialog.messageBoxes.at(-1)).toMatchObject({ buttons: ['Resta in Presidio', 'Esci comunque'], detail: expect.stringContaining('Un’operazione non è ancora stata inviata') });
    expect(core.local.sqlite.open).toBe(true);

    dialog.nextAnswer = 1;
    expect(window.userCloses()).toBe(true);
    const finished = new Promise<void>((resolve) => updaterPort.once('installing', resolve));
    app.emit('window-all-closed');
    await finished;
    // The database was closed before the installer took over, and the user was asked only once.
    expect(core.local.sqlite.open).toBe(false);
    expect(updaterPort.installs).toEqual([[true, false]]);
    expect(dialog.messageBoxes).toHaveLength(2);
  });
});
