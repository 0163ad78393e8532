import { describe, expect, it } from 'vitest';
import { newestSyncStatus, type SyncStatusView } from '../../src/shared/host-api/contract.ts';

const status = (revision: number, state: SyncStatusView['state']): SyncStatusView => ({
  revision,
  state,
  pending: 0,
  rejected: 0,
  quarantined: 0,
  clockOffsetSeconds: 0,
  lastSyncedAt: null,
  lastError: null,
  serverUrl: 'http://127.0.0.1:4100',
  user: { id: 'u1', email: 'bruno@leotron.it', displayName: 'Bruno Tecnico', role: 'technician' },
});

describe('newestSyncStatus', () => {
  it('keeps the newer status when an answer computed during a sync arrives after the event that ended it', () => {
    // The sync bar asked for the status while the sync ran; its answer came back after the «online» event.
    const ended = status(12, 'online');
    const lateAnswer = status(10, 'syncing');
    expect(newestSyncStatus(ended, lateAnswer)).toBe(ended);
  });

  it('takes any newer status, and the first one', () => {
    expect(newestSyncStatus(status(10, 'syncing'), status(11, 'online')).state).toBe('online');
    expect(newestSyncStatus(null, status(3, 'offline')).state).toBe('offline');
  });
});
