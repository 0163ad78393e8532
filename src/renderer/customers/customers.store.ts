import { create } from 'zustand';
import type { CustomerDirectoryRow, CustomerFile } from '../../shared/model/customer-directory.ts';
import { hostApi } from '../host/host-context.ts';

export const directoryPageSize = 100;

type CustomersState = {
  search: string;
  /** Rows by position: the virtual list asks only for the pages it shows. */
  rows: Map<number, CustomerDirectoryRow>;
  total: number;
  /** Bumped on every search, so a late page of an old one is dropped. */
  generation: number;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  file: CustomerFile | null;
  fileError: string | null;
  setSearch: (search: string) => Promise<void>;
  load: () => Promise<void>;
  ensureRange: (from: number, to: number) => Promise<void>;
  select: (id: string | null) => Promise<void>;
  /** Reads the open card again (after a change, or when the replica changed). */
  refreshFile: () => Promise<void>;
  watch: () => () => void;
  reset: () => void;
};

/** «Clienti»: the directory's pages and the open card, both read from the console's replica. */
export const useCustomersStore = create<CustomersState>((set, get) => {
  const pending = new Set<string>();
  const fetchPage = async (page: number, generation: number) => {
    const key = `${generation}:${page}`;
    if (pending.has(key)) return;
    pending.add(key);
    try {
      const search = get().search.trim();
      const result = await hostApi().invoke('customers.directory', { ...(search ? { search } : {}), offset: page * directoryPageSize, limit: directoryPageSize });
      if (get().generation !== generation) return;
      if (!result.ok) {
        set({ loading: false, error: result.error.message });
        return;
      }
      const rows = new Map(get().rows);
      result.value.items.forEach((item, index) => rows.set(page * directoryPageSize + index, item));
      set({ rows, total: result.value.total, loading: false, error: null });
    } finally {
      pending.delete(key);
    }
  };
  const readFile = async (id: string) => {
    const result = await hostApi().invoke('customers.file', { id });
    if (get().selectedId !== id) return;
    set(result.ok ? { file: result.value, fileError: null } : { file: null, fileError: result.error.message });
  };
  const initial = () => ({ search: '', rows: new Map<number, CustomerDirectoryRow>(), total: 0, loading: false, error: null, selectedId: null, file: null, fileError: null });
  return {
    ...initial(),
    generation: 0,
    reset() {
      set({ ...initial(), generation: get().generation + 1 });
    },
    async setSearch(search) {
      if (search === get().search) return;
      set({ search });
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
      for (let index = Math.max(0, from); index <= last; index++) if (!rows.has(index)) pages.add(Math.floor(index / directoryPageSize));
      await Promise.all([...pages].map((page) => fetchPage(page, generation)));
    },
    async select(id) {
      set({ selectedId: id, file: null, fileError: null });
      if (id) await readFile(id);
    },
    async refreshFile() {
      const id = get().selectedId;
      if (id) await readFile(id);
    },
    watch() {
      // A pull or a command changed the replica: the page and the open card are read again.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe = hostApi().subscribe('tickets.changed', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          void get().load();
          void get().refreshFile();
        }, 250);
      });
      return () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
  };
});
