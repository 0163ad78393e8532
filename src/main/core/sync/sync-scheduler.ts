/**
 * When to try again: the regular period while things work; after failures, 2 s, 4 s, 8 s … up
 * to the ceiling, so a console offline for hours neither hammers the API nor waits long once it
 * is back (a reconnect nudges it at once anyway).
 */
export const nextSyncDelay = (failures: number, periodMs: number, maxBackoffMs: number): number =>
  failures === 0 ? periodMs : Math.min(maxBackoffMs, 2_000 * 2 ** Math.min(failures - 1, 20));

export type SyncSchedulerOptions = {
  /** Runs one sync (the engine's `syncNow`: one at a time, a request during a run queues one more). */
  sync: () => Promise<unknown>;
  /** How many syncs in a row have failed: decides the back-off. */
  failures: () => number;
  /** After a local write, wait this long for more before syncing (500 ms). */
  debounceMs?: number;
  /** Between syncs while they work (30 s). */
  periodMs?: number;
  /** The longest wait after failures (5 min). */
  maxBackoffMs?: number;
};

/**
 * When sync runs: at start, soon after each local write (debounced), every period, sooner after a
 * reconnect, later after failures. Timers never keep the process alive. Apart from the engine so
 * its timing is tested with fake timers.
 */
export const createSyncScheduler = (options: SyncSchedulerOptions) => {
  const debounceMs = options.debounceMs ?? 500;
  const periodMs = options.periodMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  let started = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let periodic: ReturnType<typeof setTimeout> | undefined;

  const schedulePeriodic = () => {
    if (!started) return;
    clearTimeout(periodic);
    periodic = setTimeout(() => void options.sync().then(schedulePeriodic), nextSyncDelay(options.failures(), periodMs, maxBackoffMs));
    periodic.unref?.();
  };

  return {
    /** Syncs now, then every period (or back-off) until stopped. */
    start(): void {
      if (started) return;
      started = true;
      void options.sync().then(schedulePeriodic);
    },
    /** A local write happened: sync shortly, once for a burst of writes. */
    soon(): void {
      if (!started) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => void options.sync(), debounceMs);
      debounce.unref?.();
    },
    stop(): void {
      started = false;
      clearTimeout(debounce);
      clearTimeout(periodic);
    },
  };
};
export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
