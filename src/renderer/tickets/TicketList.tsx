import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { supportMinutesBetween, type SupportCalendar } from '../../shared/domain/index.ts';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { formatDateTime, formatMinutes } from '../../shared/format.ts';
import {
  channelLabels,
  channels,
  priorities,
  ticketStatusLabels,
  ticketStatuses,
  type Channel,
  type Priority,
  type TicketStatus,
} from '../../shared/model/enums.ts';
import type { TicketSummary } from '../../shared/model/ticket.schema.ts';
import { CustomerPicker, type CustomerHit } from '../customers/CustomerPicker.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useNow } from '../ui/useNow.ts';
import { ChannelLabel, PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { useTicketsStore } from './tickets.store.ts';

/**
 * The list renders only what is on screen (smooth at 50,000 tickets); each row is measured as it
 * renders, so a long subject or a large zoom wraps instead of being clipped. Rows not seen yet are
 * sized on this estimate.
 */
const estimatedRowHeight = 92;
const overscan = 6;

const TicketRow = ({
  ticket,
  selected,
  now,
  calendar,
  onSelect,
}: {
  ticket: TicketSummary;
  selected: boolean;
  now: Date;
  calendar: SupportCalendar;
  onSelect: () => void;
}) => {
  const waited = ticket.status === 'closed' ? null : supportMinutesBetween(ticket.openedAt, now, { calendar });
  return (
    <button
      type="button"
      className={`ticket-row${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <span className="ticket-row-top">
        <PriorityBadge priority={ticket.priority} />
        <strong className="ticket-number">{ticket.number}</strong>
        <StatusBadge status={ticket.status} />
        {ticket.blocking ? <Badge tone="danger">Bloccante</Badge> : null}
        {ticket.unread ? (
          <Badge tone="warning" title="Il cliente ha scritto dopo la tua ultima lettura">
            Nuovo messaggio
          </Badge>
        ) : null}
        <span className="coverage" aria-label="Copertura">
          {ticket.coverage.standard ? (
            <Badge tone="info" title="Contratto di assistenza standard valido">
              Standard
            </Badge>
          ) : null}
          {ticket.coverage.extended ? (
            <Badge tone="info" title="Assistenza estesa J-System">
              J-System
            </Badge>
          ) : null}
          {ticket.coverage.warranty ? (
            <Badge tone="success" title="Un dispositivo del cliente è in garanzia">
              Garanzia
            </Badge>
          ) : null}
        </span>
      </span>
      <span className="ticket-subject">{ticket.subject}</span>
      <span className="ticket-row-bottom">
        <span>{ticket.customerName}</span>
        <ChannelLabel channel={ticket.channel} />
        <span className="muted">{formatDateTime(ticket.openedAt)}</span>
        {waited !== null ? <span className="muted">attesa {formatMinutes(waited)} lavorativi</span> : null}
      </span>
    </button>
  );
};

/** Narrow the queue to one customer, found by name, code, phone or VAT number. */
const CustomerFilter = ({ customerId, onChange }: { customerId: string | undefined; onChange: (customerId: string | undefined) => void }) => {
  const [chosen, setChosen] = useState<CustomerHit | null>(null);
  return (
    <CustomerPicker
      chosen={customerId ? chosen : null}
      onChoose={(hit) => {
        setChosen(hit);
        onChange(hit?.id);
      }}
      listLabel="Clienti per il filtro"
      placeholder="Nome, codice, telefono…"
      changeLabel="rimuovi"
      showDetails={false}
    />
  );
};

const toggle = <T,>(list: readonly T[] | undefined, value: T): T[] | undefined => {
  const next = (list ?? []).includes(value)
    ? (list ?? []).filter((item) => item !== value)
    : [...(list ?? []), value];
  return next.length === 0 ? undefined : next;
};

export const TicketList = () => {
  // Only what the list shows: a change elsewhere in the store (the open ticket's detail) does not re-render it.
  const { filters, rows, total, loading, error, selectedId, load, setFilters, ensureRange, select, watch } =
    useTicketsStore(
      useShallow((state) => ({
        filters: state.filters,
        rows: state.rows,
        total: state.total,
        loading: state.loading,
        error: state.error,
        selectedId: state.selectedId,
        load: state.load,
        setFilters: state.setFilters,
        ensureRange: state.ensureRange,
        select: state.select,
        watch: state.watch,
      })),
    );
  const [search, setSearch] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const now = useNow(60_000);
  const calendar = useSupportCalendar();
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan,
    getItemKey: (index) => rows.get(index)?.id ?? `placeholder-${index}`,
  });

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  useEffect(() => {
    const handle = setTimeout(
      () => void setFilters({ search: search.trim() === '' ? undefined : search }),
      200,
    );
    return () => clearTimeout(handle);
  }, [search, setFilters]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (total > 0 && last >= first) void ensureRange(first, last);
  }, [first, last, total, ensureRange, rows]);

  /** Where the selected ticket sits among the loaded rows (the arrow keys move from there). */
  const selectedIndex = useMemo(() => {
    for (const [index, ticket] of rows) if (ticket.id === selectedId) return index;
    return -1;
  }, [rows, selectedId]);

  const moveSelection = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = Math.max(0, Math.min(total - 1, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)));
    const ticket = rows.get(next);
    if (ticket) void select(ticket.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <section className="panel ticket-list" aria-labelledby="ticket-list-title">
      <header className="panel-header">
        <h2 id="ticket-list-title">Ticket</h2>
        <span className="muted" aria-live="polite">
          {loading ? 'Caricamento…' : `${total} ticket`}
        </span>
      </header>
      <div className="segmented" role="group" aria-label="Quali ticket">
        <button
          type="button"
          aria-pressed={filters.scope === 'mine'}
          onClick={() => void setFilters({ scope: 'mine' })}
        >
          I miei e non assegnati
        </button>
        <button
          type="button"
          aria-pressed={filters.scope === 'all'}
          onClick={() => void setFilters({ scope: 'all' })}
        >
          Tutti
        </button>
      </div>
      <label className="field">
        <span className="field-label">Cerca</span>
        <input
          type="search"
          value={search}
          placeholder="Numero, cliente, oggetto, descrizione…"
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      <details className="filters">
        <summary>Filtri</summary>
        <CustomerFilter
          customerId={filters.customerId}
          onChange={(customerId) => void setFilters({ customerId })}
        />
        <fieldset>
          <legend>Stato</legend>
          {ticketStatuses.map((status: TicketStatus) => (
            <label key={status} className="checkbox inline">
              <input
                type="checkbox"
                checked={filters.status?.includes(status) ?? false}
                onChange={() => void setFilters({ status: toggle(filters.status, status) })}
              />
              {ticketStatusLabels[status]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Priorità</legend>
          {priorities.map((priority: Priority) => (
            <label key={priority} className="checkbox inline">
              <input
                type="checkbox"
                checked={filters.priority?.includes(priority) ?? false}
                onChange={() => void setFilters({ priority: toggle(filters.priority, priority) })}
              />
              {priority}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Canale</legend>
          {channels.map((channel: Channel) => (
            <label key={channel} className="checkbox inline">
              <input
                type="checkbox"
                checked={filters.channel?.includes(channel) ?? false}
                onChange={() => void setFilters({ channel: toggle(filters.channel, channel) })}
              />
              {channelLabels[channel]}
            </label>
          ))}
        </fieldset>
      </details>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!loading && !error && total === 0 ? <Notice tone="info">Nessun ticket trovato.</Notice> : null}
      <div className="ticket-scroller" ref={scroller} onKeyDown={moveSelection}>
        <ul className="ticket-rows" aria-label="Elenco ticket" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const ticket = rows.get(item.index);
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
                {ticket ? (
                  <TicketRow
                    ticket={ticket}
                    selected={ticket.id === selectedId}
                    now={now}
                    calendar={calendar}
                    onSelect={() => void select(ticket.id)}
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
  );
};
