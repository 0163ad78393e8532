import { useSyncStore } from '../sync/sync.store.ts';
import { useTicketsStore } from '../tickets/tickets.store.ts';
import { useCustomersStore } from '../customers/customers.store.ts';
import { useTimerStore } from '../timer/timer.store.ts';
import { useCalendarStore } from '../calendar/calendar.store.ts';
import { usePolicyStore } from '../billing/policy.store.ts';
import { nextUserEpoch } from './user-epoch.ts';

/** The signed-in user's id, or null: the key the workspace is mounted under. */
export const useSignedInUserId = (): string | null => useSyncStore((state) => state.status?.user?.id ?? null);

/**
 * When the user changes (logout, or another user signs in), every store that holds a user's data
 * is put back to its initial state before React renders again, so the next user never sees, even
 * for a frame, the previous user's queue, ticket, timers or refused commands. Components below the
 * workspace are remounted under the new key, which drops their local state and event
 * subscriptions and opens fresh ones.
 */
export const watchUserChanges = (): (() => void) =>
  useSyncStore.subscribe((state, previous) => {
    if (previous.status === null) return;
    const before = previous.status.user?.id ?? null;
    const now = state.status?.user?.id ?? null;
    if (before === now) return;
    nextUserEpoch();
    useTicketsStore.getState().reset();
    useCustomersStore.getState().reset();
    useTimerStore.setState(useTimerStore.getInitialState(), true);
    useCalendarStore.setState(useCalendarStore.getInitialState(), true);
    usePolicyStore.setState(usePolicyStore.getInitialState(), true);
    useSyncStore.setState({ rejected: [], quarantined: [], error: null });
    void useSyncStore.getState().loadRejected();
  });
