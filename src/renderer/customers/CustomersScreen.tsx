import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CustomerDirectoryRow } from '../../shared/model/customer-directory.ts';
import { isLead } from '../../shared/sync/rules.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useSyncStore } from '../sync/sync.store.ts';
import { CustomerFileView } from './CustomerFileView.tsx';
import { useCustomersStore } from './customers.store.ts';

const estimatedRowHeight = 64;

const CustomerRow = ({
  customer,
  selected,
  onSelect,
}: {
  customer: CustomerDirectoryRow;
  selected: boolean;
  onSelect: () => void;
}) => (
  <button
    type="button"
    className={`ticket-row${selected ? ' selected' : ''}`}
    aria-current={selected ? 'true' : undefined}
    onClick={onSelect}
  >
    <span className="ticket-row-top">
      <strong>{customer.name}</strong>
      <span className="coverage" aria-label="Contratti in vigore">
        {customer.standard ? <Badge tone="info">Standard</Badge> : null}
        {customer.extended ? (
          <Badge tone="info" title="Assistenza estesa J-System">
            J-System
          </Badge>
        ) : null}
      </span>
    </span>
    <span className="ticket-row-bottom muted">
      <span>{customer.code}</span>
      {customer.vatNumber ? (
        <span>P. IVA {customer.vatNumber}</span>
      ) : customer.fiscalCode ? (
        <span>C.F. {customer.fiscalCode}</span>
      ) : null}
      {customer.city ? (
        <span>{customer.province ? `${customer.city} (${customer.province})` : customer.city}</span>
      ) : null}
      {customer.openTickets > 0 ? (
        <span>
          {customer.openTickets === 1 ? '1 ticket aperto' : `${customer.openTickets} ticket aperti`}
        </span>
      ) : null}
    </span>
  </button>
);

/**
 * «Clienti»: the whole customer base from the console's replica (it reads offline), searched by
 * name, code, VAT number, fiscal code or city; a customer's card beside it. Leads and admins edit.
 */
export const CustomersScreen = () => {
  const { rows, total, loading, error, selectedId, load, setSearch, ensureRange, select, watch } =
    useCustomersStore(
      useShallow((state) => ({
        rows: state.rows,
        total: state.total,
        loading: state.loading,
        error: state.error,
        selectedId: state.selectedId,
        load: state.load,
        setSearch: state.setSearch,
        ensureRange: state.ensureRange,
        select: state.select,
        watch: state.watch,
      })),
    );
  const lead = useSyncStore((state) => (state.status?.user ? isLead(state.status.user) : false));
  const [search, setSearchText] = useState(useCustomersStore.getState().search);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 6,
    getItemKey: (index) => rows.get(index)?.id ?? `placeholder-${index}`,
  });
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);
  useEffect(() => {
    const handle = setTimeout(() => void setSearch(search), 200);
    return () => clearTimeout(handle);
  }, [search, setSearch]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (total > 0 && last >= first) void ensureRange(first, last);
  }, [first, last, total, ensureRange, rows]);

  const moveSelection = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    let current = -1;
    for (const [index, row] of rows) if (row.id === selectedId) current = index;
    const next = Math.max(0, Math.min(total - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const row = rows.get(next);
    if (row) void select(row.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <main className="app-main">
      <section className="panel ticket-list" aria-labelledby="customers-title">
        <header className="panel-header">
          <h2 id="customers-title">Clienti</h2>
          <span className="muted" aria-live="polite">
            {loading ? 'Caricamento…' : `${total} clienti`}
          </span>
        </header>
        <label className="field">
          <span className="field-label">Cerca un cliente</span>
          <input
            type="search"
            value={search}
            placeholder="Nome, codice, partita IVA, codice fiscale, città…"
            onChange={(event) => setSearchText(event.target.value)}
          />
        </label>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {!loading && !error && total === 0 ? <Notice tone="info">Nessun cliente trovato.</Notice> : null}
        <div className="ticket-scroller" ref={scroller} onKeyDown={moveSelection}>
          <ul
            className="ticket-rows"
            aria-label="Elenco clienti"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {items.map((item) => {
              const customer = rows.get(item.index);
              return (
                <li
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className="ticket-slot"
                  aria-setsize={total}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {customer ? (
                    <CustomerRow
                      customer={customer}
                      selected={customer.id === selectedId}
                      onSelect={() => void select(customer.id)}
                    />
                  ) : (
                    <span className="ticket-row placeholder" aria-hidden="true" />
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      </section>
      <CustomerFileView lead={lead} />
    </main>
  );
};
