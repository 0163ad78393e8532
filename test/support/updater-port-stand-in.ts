import { EventEmitter } from 'node:events';

/**
 * electron-updater's `autoUpdater` as far as Presidio's updater drives it (not our code: a recording
 * stand-in). Checks and installs are recorded; `onInstall` does what electron-updater does next
 * (quit the app) where a test needs it.
 */
export const updaterPortStandIn = (options: { check?: () => Promise<unknown>; onInstall?: () => void } = {}) =>
  Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    allowPrerelease: false,
    channel: null as string | null,
    checks: 0,
    installs: [] as Array<[boolean | undefined, boolean | undefined]>,
    checkForUpdates(this: { checks: number }) {
      this.checks += 1;
      return options.check ? options.check() : Promise.resolve(null);
    },
    quitAndInstall(this: { installs: Array<[boolean | undefined, boolean | undefined]> }, isSilent?: boolean, isForceRunAfter?: boolean) {
      this.installs.push([isSilent, isForceRunAfter]);
      options.onInstall?.();
    },
  });
