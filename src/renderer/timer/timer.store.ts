import { create } from 'zustand';
import type { HostRequest } from '../../shared/host-api/contract.ts';
import type { ActiveIntervention } from '../../shared/model/ticket.schema.ts';
import { hostApi } from '../host/host-context.ts';
import { userEpoch } from '../app/user-epoch.ts';

type TimerStore = {
  active: ActiveIntervention[];
  error: string | null;
  /** Set when an action needs the running timer paused first: the console asks before doing it. */
  conflict: { retry: () => Promise<boolean>; runningInterventionId: string } | null;
  refresh: () => Promise<void>;
  watch: () => () => void;
  start: (request: HostRequest<'timer.start'>) => Promise<boolean>;
  pause: (interventionId: string) => Promise<void>;
  resume: (interventionId: string, pauseRunning?: boolean) => Promise<boolean>;
  stop: (interventionId: string) => Promise<void>;
  discardIdle: (interventionId: string, idleSince: string) => Promise<void>;
  acknowledge: (segmentId: string) => Promise<void>;
  dismissConflict: () => void;
};

export const useTimerStore = create<TimerStore>((set, get) => {
  const after = async (result: { ok: boolean; error?: { message: string } }) => {
    set({ error: result.ok ? null : (result.error?.message ?? 'Errore') });
    await get().refresh();
    return result.ok;
  };
  return {
    active: [],
    error: null,
    conflict: null,
    async refresh() {
      const asked = userEpoch();
      const result = await hostApi().invoke('timer.active', {});
      if (asked !== userEpoch()) return;
      if (result.ok) set({ active: result.value });
      else if (result.error.code !== 'unauthorized') set({ error: result.error.message });
    },
    watch() {
      void get().refresh();
      return hostApi().subscribe('tickets.changed', () => void get().refresh());
    },
    async start(request) {
      const result = await hostApi().invoke('timer.start', request);
      if (!result.ok && result.error.code === 'conflict') {
        const details = result.error.details as { runningInterventionId?: string } | undefined;
        set({
          conflict: {
            runningInterventionId: details?.runningInterventionId ?? '',
            retry: () => get().start({ ...request, pauseRunning: true }),
          },
        });
        return false;
      }
      return after(result);
    },
    async pause(interventionId) {
      await after(await hostApi().invoke('timer.pause', { interventionId }));
    },
    async resume(interventionId, pauseRunning = false) {
      const result = await hostApi().invoke('timer.resume', { interventionId, pauseRunning });
      if (!result.ok && result.error.code === 'conflict') {
        const details = result.error.details as { runningInterventionId?: string } | undefined;
        set({
          conflict: {
            runningInterventionId: details?.runningInterventionId ?? '',
            retry: () => get().resume(interventionId, true),
          },
        });
        return false;
      }
      return after(result);
    },
    async stop(interventionId) {
      await after(await hostApi().invoke('timer.stop', { interventionId }));
    },
    async discardIdle(interventionId, idleSince) {
      await after(await hostApi().invoke('timer.discardIdle', { interventionId, idleSince }));
    },
    async acknowledge(segmentId) {
      await after(await hostApi().invoke('timer.acknowledge', { segmentId }));
    },
    dismissConflict() {
      set({ conflict: null });
    },
  };
});
