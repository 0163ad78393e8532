import { create } from 'zustand';
import {
  defaultSupportCalendar,
  type CalendarEdit,
  type SupportCalendar,
} from '../../shared/domain/index.ts';
import { hostApi } from '../host/host-context.ts';
import { executeCommand } from '../host/execute-command.ts';

type CalendarStore = {
  /** 0: the built-in calendar (this console has not received the API's yet). */
  revision: number;
  calendar: SupportCalendar;
  updatedAt: string | null;
  updatedByName: string | null;
  /** Loads the replica's calendar now and whenever the replica changes; answers the unsubscribe. */
  init: () => () => void;
  refresh: () => Promise<void>;
  /** Queues a team lead's edit (shown at once, sent to the API); answers the Italian error, or null. */
  edit: (edit: CalendarEdit, reason: string) => Promise<string | null>;
};

/**
 * The support calendar this console works with: the desk status, waiting times and provisional
 * figures all read it from here, so a closure a lead adds shows everywhere at once.
 */
export const useCalendarStore = create<CalendarStore>((set, get) => ({
  revision: 0,
  calendar: defaultSupportCalendar,
  updatedAt: null,
  updatedByName: null,
  init() {
    void get().refresh();
    return hostApi().subscribe('tickets.changed', () => void get().refresh());
  },
  async refresh() {
    const result = await hostApi().invoke('calendar.get', {});
    if (!result.ok) return;
    // An unchanged revision keeps the same calendar object: everything memoised on it stays valid.
    if (result.value.revision === get().revision && get().updatedAt === result.value.updatedAt) return;
    set(result.value);
  },
  async edit(edit, reason) {
    const failure = await executeCommand('calendar.edit', { edit, reason });
    if (!failure) await get().refresh();
    return failure;
  },
}));

/** The calendar to compute with, for components that only read it. */
export const useSupportCalendar = (): SupportCalendar => useCalendarStore((state) => state.calendar);
