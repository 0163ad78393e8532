import type { UpdateStatus } from '../../../shared/updates/update-status.ts';
import { decideInstall, isUpdateCheckDue, type UpdateChannel, type WorkInProgress } from './update-policy.ts';

/** The part of electron-updater's `autoUpdater` this uses (injected: tests pass a stand-in). */
export type UpdaterPort = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
};

export type UpdaterDeps = {
  updater: UpdaterPort;
  work: () => WorkInProgress;
  idleSeconds: () => number | null;
  now: () => number;
  channel: UpdateChannel;
  publish: (status: UpdateStatus) => void;
  log: (message: string, error?: unknown) => void;
};

const versionOf = (info: unknown): string | null =>
  info !== null && typeof info === 'object' && 'version' in info && typeof info.version === 'string' ? info.version : null;
const percentOf = (progress: unknown): number =>
  progress !== null && typeof progress === 'object' && 'percent' in progress && typeof progress.percent === 'number' ? Math.round(Math.min(100, Math.max(0, progress.percent))) : 0;

/** How often the updater looks at the clock and at the work in progress. */
export const updaterTickMs = 60_000;

/**
 * Carries out the update policy: downloads in the background, installs only when it decides it
 * may, otherwise at the next quit (set by the quit handler, which asks first if work is unsent).
 * A failing feed never breaks the app: the status says so and the next check tries again.
 */
export const createUpdater = (deps: UpdaterDeps) => {
  const { updater } = deps;
  let status: UpdateStatus = { state: 'idle', channel: deps.channel, version: null, progressPercent: null, message: null, lastCheckAt: null };
  let lastCheckAt: number | null = null;
  const set = (next: Partial<UpdateStatus>) => {
    status = { ...status, ...next };
    deps.publish(status);
  };
  const applyChannel = (channel: UpdateChannel) => {
    updater.channel = channel === 'beta' ? 'beta' : 'latest';
    updater.allowPrerelease = channel === 'beta';
  };
  updater.autoDownload = true;
  // The quit handler decides, after asking about unsent work.
  updater.autoInstallOnAppQuit = false;
  applyChannel(deps.channel);

  updater.on('checking-for-update', () => set({ state: 'checking', message: null }));
  updater.on('update-not-available', () => set({ state: 'idle', message: null, version: null, progressPercent: null }));
  updater.on('update-available', (info) => set({ state: 'downloading', version: versionOf(info), progressPercent: 0 }));
  updater.on('download-progress', (progress) => set({ state: 'downloading', progressPercent: percentOf(progress) }));
  updater.on('update-downloaded', (info) => {
    set({ state: 'ready', version: versionOf(info) ?? status.version, progressPercent: 100 });
    tick();
  });
  updater.on('error', (error) => {
    deps.log('aggiornamento non riuscito', error);
    set({ state: 'error', message: 'Controllo degli aggiornamenti non riuscito: si riproverà più tardi.' });
  });

  const check = () => {
    lastCheckAt = deps.now();
    set({ lastCheckAt: new Date(lastCheckAt).toISOString() });
    updater.checkForUpdates().catch((error: unknown) => {
      deps.log('aggiornamento non riuscito', error);
      set({ state: 'error', message: 'Controllo degli aggiornamenti non riuscito: si riproverà più tardi.' });
    });
  };

  let installing = false;
  const tick = () => {
    if (installing) return;
    if (status.state === 'ready') {
      const decision = decideInstall(deps.work(), deps.idleSeconds());
      if (decision.action === 'install-now') {
        installing = true;
        updater.quitAndInstall(true, true);
        return;
      }
      if (status.message !== decision.reason) set({ message: decision.reason });
      return;
    }
    if (status.state !== 'checking' && status.state !== 'downloading' && isUpdateCheckDue(deps.now(), lastCheckAt)) check();
  };

  return {
    /** Checks now, then looks every minute; answers the stop. */
    start(): () => void {
      tick();
      const timer = setInterval(tick, updaterTickMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
    tick,
    status: (): UpdateStatus => status,
    isDownloaded: (): boolean => status.state === 'ready',
    /** An install has begun (the app is quitting into it): the quit only has to go on. */
    isInstalling: (): boolean => installing,
    /** The quit handler's call once it has decided to quit: the downloaded update installs on the way out. */
    installOnQuit(): void {
      if (status.state !== 'ready' || installing) return;
      installing = true;
      updater.quitAndInstall(true, false);
    },
    setChannel(channel: UpdateChannel): UpdateStatus {
      applyChannel(channel);
      set({ channel });
      // Another channel may offer another version: look again.
      lastCheckAt = null;
      tick();
      return status;
    },
  };
};
export type Updater = ReturnType<typeof createUpdater>;
