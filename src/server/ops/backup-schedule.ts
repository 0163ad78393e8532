import { existsSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { backupNamePattern, pruneBackups } from './backup.ts';

/** Runs one backup in a worker thread (`backup-worker.ts`) and answers the folder it made. */
const backupInWorker = (input: { dataDirectory: string; targetRoot: string; now: string; appVersion: string }): Promise<string> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./backup-worker.ts', import.meta.url), { workerData: input });
    worker.once('message', (answer: { ok: true; made: string } | { ok: false; message: string }) => (answer.ok ? resolve(answer.made) : reject(new Error(answer.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`backup interrotto (uscita ${code})`))));
  });

/** Whether today's (UTC) backup is still to be made, given the folder's backups. */
export const backupDue = (names: readonly string[], now: Date): boolean => {
  const today = now.toISOString().slice(0, 10).replaceAll('-', '');
  return !names.some((name) => backupNamePattern.exec(name)?.[1] === today);
};

export type BackupLog = { info: (fields: object, message: string) => void; error: (fields: object, message: string) => void };

/**
 * The embedded database's daily backup, made by the API itself: at start and then every hour it
 * checks whether today's exists, makes it if not and removes those older than `keepDays`. A failure
 * is logged and tried again at the next check; it never stops the API.
 */
export const startBackupSchedule = (options: { dataDirectory: string; targetRoot: string; keepDays: number; appVersion: string; log: BackupLog; clock?: () => Date; everyMs?: number }) => {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  const check = async () => {
    const now = clock();
    const names = existsSync(options.targetRoot) ? readdirSync(options.targetRoot) : [];
    if (!backupDue(names, now)) return;
    try {
      const made = await backupInWorker({ dataDirectory: options.dataDirectory, targetRoot: options.targetRoot, now: now.toISOString(), appVersion: options.appVersion });
      const removed = pruneBackups(options.targetRoot, options.keepDays, now);
      options.log.info({ event: 'backup', path: made, removed: removed.length }, 'backup giornaliero completato');
    } catch (error) {
      options.log.error({ event: 'backup.failed', err: error }, 'backup giornaliero non riuscito: riprovo al prossimo controllo');
    }
  };
  const tick = () => {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 3_600_000);
  timer.unref();
  return {
    /** The first check (the API awaits nothing: it runs beside serving). */
    started: tick(),
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
