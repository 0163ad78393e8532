import { create } from 'zustand';
import { policyOn, type BillingPolicy, type PolicyChange, type PolicyVersion } from '../../shared/domain/index.ts';
import { hostApi } from '../host/host-context.ts';
import { executeCommand } from '../host/execute-command.ts';

type PolicyStore = {
  /** 0: the built-in policy (no version set, or none received from the API yet). */
  revision: number;
  versions: PolicyVersion[];
  updatedAt: string | null;
  updatedByName: string | null;
  /** Loads the replica's versions now and whenever the replica changes; answers the unsubscribe. */
  init: () => () => void;
  refresh: () => Promise<void>;
  /** Queues an admin's new version (sent to the API); answers the Italian error, or null. */
  set: (change: PolicyChange, reason: string) => Promise<string | null>;
};

/**
 * The billing policy's versions this console prices with: provisional figures use the version in
 * effect on each piece of work's day, as the API does.
 */
export const usePolicyStore = create<PolicyStore>((set, get) => ({
  revision: 0,
  versions: [],
  updatedAt: null,
  updatedByName: null,
  init() {
    void get().refresh();
    return hostApi().subscribe('tickets.changed', () => void get().refresh());
  },
  async refresh() {
    const result = await hostApi().invoke('policy.get', {});
    if (!result.ok) return;
    if (result.value.revision === get().revision && result.value.updatedAt === get().updatedAt) return;
    set(result.value);
  },
  async set(change, reason) {
    const failure = await executeCommand('policy.set', { ...change, reason });
    if (!failure) await get().refresh();
    return failure;
  },
}));

/** The versions to price with, for components that only read them. */
export const usePolicyVersions = (): PolicyVersion[] => usePolicyStore((state) => state.versions);

/** The policy in effect on a Rome day. */
export const usePolicyOn = (day: string): BillingPolicy => policyOn(usePolicyVersions(), day);
