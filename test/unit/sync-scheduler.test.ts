import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSyncScheduler } from '../../src/main/core/sync/sync-scheduler.ts';

/** When sync runs, with the clock under the test's control. */
describe('sync scheduler', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const scheduler = (failures: { count: number }) => {
    const runs: number[] = [];
    const instance = createSyncScheduler({
      sync: async () => {
        runs.push(Date.now());
      },
      failures: () => failures.count,
      debounceMs: 500,
      periodMs: 30_000,
      maxBackoffMs: 300_000,
    });
    return { runs, instance };
  };

  it('syncs at start, then every period; a burst of writes makes one sync after the pause', async () => {
    const { runs, instance } = scheduler({ count: 0 });
    const start = Date.now();
    instance.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([start]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toHaveLength(2);
    for (let n = 0; n < 5; n++) {
      instance.soon();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toHaveLength(3);
    instance.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runs).toHaveLength(3);
  });

  it('backs off after failures (2 s, 4 s, 8 s … at most 5 minutes) and goes back to the period once it works', async () => {
    const failures = { count: 1 };
    const { runs, instance } = scheduler(failures);
    instance.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toHaveLength(2);
    failures.count = 3;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(7_999);
    expect(runs).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(4);
    failures.count = 50;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(runs).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(299_999);
    expect(runs).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(6);
    failures.count = 0;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(runs).toHaveLength(7);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toHaveLength(8);
    instance.stop();
  });

  it('a write before start schedules nothing (the console is not syncing yet)', async () => {
    const { runs, instance } = scheduler({ count: 0 });
    instance.soon();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(0);
  });
});
