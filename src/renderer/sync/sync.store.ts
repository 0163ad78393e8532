import { create } from 'zustand';
import { newestSyncStatus, type SyncStatusView } from '../../shared/host-api/contract.ts';
import { hostApi } from '../host/host-context.ts';

type Rejected = { mutationId: number; name: string; code: string; message: string; issuedAt: string };
type Quarantined = { entity: string; id: string; error: string; quarantinedAt: string };

type SyncStore = {
  status: SyncStatusView | null;
  rejected: Rejected[];
  quarantined: Quarantined[];
  busy: boolean;
  error: string | null;
  init: () => () => void;
  syncNow: () => Promise<void>;
  login: (serverUrl: string, email: string, password: string) => Promise<boolean>;
  logout: () => Promise<void>;
  loadRejected: () => Promise<void>;
  discard: (mutationId: number) => Promise<void>;
  retry: (mutationId: number) => Promise<void>;
  realign: () => Promise<void>;
};

export const useSyncStore = create<SyncStore>((set, get) => ({
  status: null,
  rejected: [],
  quarantined: [],
  busy: false,
  error: null,
  init() {
    void hostApi()
      .invoke('sync.status', {})
      .then((result) => {
        if (result.ok) set({ status: newestSyncStatus(get().status, result.value) });
      });
    void get().loadRejected();
    // The network came back: sync now rather than at the next period.
    const onOnline = () => void get().syncNow();
    window.addEventListener('online', onOnline);
    const unsubscribe = hostApi().subscribe('sync.status', (status) => {
      const previous = get().status;
      set({ status: newestSyncStatus(previous, status) });
      if (previous?.rejected !== status.rejected || previous?.quarantined !== status.quarantined) void get().loadRejected();
    });
    return () => {
      window.removeEventListener('online', onOnline);
      unsubscribe();
    };
  },
  async syncNow() {
    set({ busy: true, error: null });
    const result = await hostApi().invoke('sync.now', {});
    set(result.ok ? { busy: false, status: newestSyncStatus(get().status, result.value) } : { busy: false, error: result.error.message });
  },
  async login(serverUrl, email, password) {
    set({ busy: true, error: null });
    const result = await hostApi().invoke('sync.login', { serverUrl, email, password });
    set(result.ok ? { busy: false, status: newestSyncStatus(get().status, result.value) } : { busy: false, error: result.error.message });
    return result.ok;
  },
  async logout() {
    set({ busy: true, error: null });
    const result = await hostApi().invoke('sync.logout', {});
    set(result.ok ? { busy: false, status: newestSyncStatus(get().status, result.value) } : { busy: false, error: result.error.message });
  },
  async loadRejected() {
    const [rejected, quarantined] = await Promise.all([hostApi().invoke('sync.rejected', {}), hostApi().invoke('sync.quarantine', {})]);
    if (rejected.ok) set({ rejected: rejected.value });
    if (quarantined.ok) set({ quarantined: quarantined.value });
  },
  async realign() {
    set({ busy: true, error: null });
    const result = await hostApi().invoke('sync.realign', {});
    set(result.ok ? { busy: false, status: newestSyncStatus(get().status, result.value) } : { busy: false, error: result.error.message });
    await get().loadRejected();
  },
  async retry(mutationId) {
    const result = await hostApi().invoke('sync.retry', { mutationId });
    if (result.ok) {
      set({ status: newestSyncStatus(get().status, result.value), error: null });
      await get().loadRejected();
    } else {
      set({ error: result.error.message });
    }
  },
  async discard(mutationId) {
    const result = await hostApi().invoke('sync.discard', { mutationId });
    if (result.ok) {
      set({ status: newestSyncStatus(get().status, result.value) });
      await get().loadRejected();
    } else {
      set({ error: result.error.message });
    }
  },
}));
