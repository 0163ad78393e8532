import { create } from 'zustand';
import type { TicketListQuery } from '../../shared/host-api/contract.ts';
import type { TicketDetail, TicketSummary } from '../../shared/model/ticket.schema.ts';
import { hostApi } from '../host/host-context.ts';

export const queuePageSize = 100;

export type QueueFilters = Omit<TicketListQuery, 'offset' | 'limit'>;

type TicketsState = {
  filters: QueueFilters;
  /** Rows by position: the virtual list asks only for the pages it shows. */
  rows: Map<number, TicketSummary>;
  total: number;
  /** Bumped on every filter change, so a late page of an old query is dropped. */
  generation: number;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  detail: TicketDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  setFilters: (patch: Partial<QueueFilters>) => Promise<void>;
  load: () => Promise<void>;
  ensureRange: (from: number, to: number) => Promise<void>;
  select: (id: string | null) => Promise<void>;
  /** Reloads the open ticket in place (its screen keeps its state: a notice, an open form). */
  refreshSelected: () => Promise<void>;
  watch: () => () => void;
  /** Back to an empty queue and no selection (another user signed in); late answers are dropped. */
  reset: () => void;
};

export const useTicketsStore = create<TicketsState>((set, get) => {
  const pending = new Set<string>();
  const fetchPage = async (page: number, generation: number) => {
    const key = `${generation}:${page}`;
    if (pending.has(key)) return;
    pending.add(key);
    try {
      const result = await hostApi().invoke('tickets.list', {
        ...get().filters,
        offset: page * queuePageSize,
        limit: queuePageSize,
      });
      if (get().generation !== generation) return;
      if (!result.ok) {
        set({ loading: false, error: result.error.message });
        return;
      }
      const rows = new Map(get().rows);
      result.value.items.forEach((item, index) => rows.set(page * queuePageSize + index, item));
      set({ rows, total: result.value.total, loading: false, error: null });
    } finally {
      pending.delete(key);
    }
  };
  /** The open ticket's thread is read: its unread mark goes, here and in the queue's row. */
  const markRead = async (detail: TicketDetail) => {
    const unreadRow = [...get().rows.values()].some((row) => row.id === detail.id && row.unread);
    if (!unreadRow && !detail.messages.some((message) => message.authorKind === 'customer')) return;
    const result = await hostApi().invoke('tickets.markRead', { ticketId: detail.id });
    if (!result.ok) return;
    const rows = new Map(get().rows);
    for (const [index, row] of rows) if (row.id === detail.id && row.unread) rows.set(index, { ...row, unread: false });
    set({ rows });
  };
  const refreshDetail = async (id: string) => {
    const result = await hostApi().invoke('tickets.get', { id });
    if (get().selectedId === id && result.ok) {
      set({ detail: result.value });
      await markRead(result.value);
    }
  };
  const initial = () => ({
    filters: { scope: 'mine' } satisfies QueueFilters,
    rows: new Map<number, TicketSummary>(),
    total: 0,
    loading: false,
    error: null,
    selectedId: null,
    detail: null,
    detailLoading: false,
    detailError: null,
  });
  return {
    ...initial(),
    generation: 0,
    reset() {
      // The generation moves on, never back, so a page requested for the previous user is ignored.
      set({ ...initial(), generation: get().generation + 1 });
    },
    async setFilters(patch) {
      const current = get().filters;
      const next = { ...current, ...patch };
      // The same filters again (a search box settling on what it had) keep the rows on screen.
      if (JSON.stringify(next) === JSON.stringify(current)) return;
      set({ filters: next });
      await get().load();
    },
    async load() {
      const generation = get().generation + 1;
      set({ generation, rows: new Map(), loading: true, error: null });
      await fetchPage(0, generation);
    },
    async ensureRange(from, to) {
      const { rows, total, generation } = get();
      const last = Math.min(to, Math.max(total - 1, 0));
      const pages = new Set<number>();
      for (let index = Math.max(0, from); index <= last; index++)
        if (!rows.has(index)) pages.add(Math.floor(index / queuePageSize));
      await Promise.all([...pages].map((page) => fetchPage(page, generation)));
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
      return () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
    async refreshSelected() {
      const selected = get().selectedId;
      if (selected) await refreshDetail(selected);
    },
    async select(id) {
      set({ selectedId: id, detail: null, detailError: null, detailLoading: id !== null });
      if (id === null) return;
      const result = await hostApi().invoke('tickets.get', { id });
      if (get().selectedId !== id) return;
      if (result.ok) {
        set({ detail: result.value, detailLoading: false });
        await markRead(result.value);
      } else set({ detailError: result.error.message, detailLoading: false });
    },
  };
});
