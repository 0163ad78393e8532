import { create } from 'zustand';
import type { TicketListQuery } from '../../shared/host-api/contract.ts';
import type { TicketDetail, TicketSummary } from '../../shared/model/ticket.schema.ts';
import { hostApi } from '../host/host-context.ts';

type TicketsState = {
  query: TicketListQuery;
  items: TicketSummary[];
  total: number;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  detail: TicketDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  load: (query?: Partial<TicketListQuery>) => Promise<void>;
  select: (id: string | null) => Promise<void>;
  /** Reload what is on screen when the core reports changed tickets (a pull, a local command). */
  watch: () => () => void;
};

export const useTicketsStore = create<TicketsState>((set, get) => ({
  query: { limit: 200, offset: 0 },
  items: [],
  total: 0,
  loading: false,
  error: null,
  selectedId: null,
  detail: null,
  detailLoading: false,
  detailError: null,
  async load(patch) {
    const query = { ...get().query, ...patch };
    set({ query, loading: true, error: null });
    const result = await hostApi().invoke('tickets.list', query);
    // A slower, older request must not overwrite a newer one.
    if (get().query !== query) return;
    if (result.ok) set({ items: result.value.items, total: result.value.total, loading: false });
    else set({ loading: false, error: result.error.message });
  },
  watch() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = hostApi().subscribe('tickets.changed', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void get().load();
        const selected = get().selectedId;
        if (selected) void refreshDetail(selected);
      }, 250);
    });
    const refreshDetail = async (id: string) => {
      const result = await hostApi().invoke('tickets.get', { id });
      if (get().selectedId === id && result.ok) set({ detail: result.value });
    };
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  },
  async select(id) {
    set({ selectedId: id, detail: null, detailError: null, detailLoading: id !== null });
    if (id === null) return;
    const result = await hostApi().invoke('tickets.get', { id });
    if (get().selectedId !== id) return;
    if (result.ok) set({ detail: result.value, detailLoading: false });
    else set({ detailError: result.error.message, detailLoading: false });
  },
}));
