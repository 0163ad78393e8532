import { describe, expect, it } from 'vitest';
import { nextSyncDelay } from '../../src/main/core/sync/sync-engine.ts';

describe('nextSyncDelay', () => {
  it('keeps the period while sync works and backs off exponentially up to a ceiling', () => {
    expect(nextSyncDelay(0, 30_000, 300_000)).toBe(30_000);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((failures) => nextSyncDelay(failures, 30_000, 300_000))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
    ]);
    expect(nextSyncDelay(1_000, 30_000, 300_000)).toBe(300_000);
  });
});
