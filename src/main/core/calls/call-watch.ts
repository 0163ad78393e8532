import { createHash } from 'node:crypto';
import type { SyncEngine } from '../sync/sync-engine.ts';

/** How often a signed-in, online console asks whether a call rang or changed. */
export const callWatchIntervalMs = 2_000;

/**
 * Who is calling must reach the screen in seconds, not at the next periodic sync: every two
 * seconds the console asks the API a fingerprint of the recent calls (one small query) and pulls
 * at once when it changed. Offline or signed out it asks nothing; a failed ask is tried again.
 */
export const watchCalls = (sync: Pick<SyncEngine, 'status' | 'client' | 'syncNow'>): NodeJS.Timeout => {
  // The fingerprint of «no recent call»: a call already ringing when the console starts is pulled at the first ask.
  let last = createHash('sha256').update('').digest('hex');
  let asking = false;
  const timer = setInterval(() => {
    if (asking || sync.status().state !== 'online') return;
    asking = true;
    void sync
      .client()
      .activeCalls()
      .then(async ({ signature }) => {
        if (signature !== last) await sync.syncNow();
        last = signature;
      })
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
  }, callWatchIntervalMs);
  timer.unref();
  return timer;
};
