import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { supportMinutesBetween } from '../../shared/domain/index.ts';
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
import type { HostResponse } from '../../shared/host-api/contract.ts';
import { hostApi } from '../host/host-context.ts';
import { Badge } from '../ui/Badge.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useNow } from '../ui/useNow.ts';
import { ChannelLabel, PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { useTicketsStore } from './tickets.store.ts';

/** Every row has the same height, so the list only renders what is on screen: smooth at 50,000 tickets. */
export const queueRowHeight = 92;
const overscan = 6;

const TicketRow = ({
  ticket,
  selected,
  now,
  onSelect,
}: {
  ticket: TicketSummary;
  selected: boolean;
  now: Date;
  onSelect: () => void;
}) => {
  const waited = ticket.status === 'closed' ? null : supportMinutesBetween(ticket.openedAt, now);
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

type CustomerHit = HostResponse<'customers.search'>[number];

/** Narrow the queue to one customer, found by name, code, phone or VAT number. */
const CustomerFilter = ({
  customerId,
  onChange,
}: {
  customerId: string | undefined;
  onChange: (customerId: string | undefined) => void;
}) => {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CustomerHit[]>([]);
  const [chosen, setChosen] = useState<CustomerHit | null>(null);
  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([]);
      return;
    }
    const handle = setTimeout(
      () =>
        void hostApi()
          .invoke('customers.search', { query })
          .then((result) => result.ok && setHits(result.value)),
      150,
    );
    return () => clearTimeout(handle);
  }, [query]);
  if (customerId && chosen) {
    return (
      <p>
        Cliente: <strong>{chosen.name}</strong>{' '}
        <button
          type="button"
          className="link-button accent"
          onClick={() => {
            setChosen(null);
            onChange(undefined);
          }}
        >
          rimuovi
        </button>
      </p>
    );
  }
  return (
    <>
      <label className="field">
        <span className="field-label">Cliente</span>
        <input
          type="search"
          value={query}
          placeholder="Nome, codice, telefono…"
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {hits.length > 0 ? (
        <ul className="choices" aria-label="Clienti per il filtro">
          {hits.map((hit) => (
            <li key={hit.id}>
              <button
                type="button"
                onClick={() => {
                  setChosen(hit);
                  setQuery('');
                  setHits([]);
                  onChange(hit.id);
                }}
              >
                {hit.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
};

const toggle = <T,>(list: readonly T[] | undefined, value: T): T[] | undefined => {
  const next = (list ?? []).includes(value)
    ? (list ?? []).filter((item) => item !== value)
    : [...(list ?? []), value];
  return next.length === 0 ? undefined : next;
};

export const TicketList = () => {
  const { filters, rows, total, loading, error, selectedId, load, setFilters, ensureRange, select, watch } =
    useTicketsStore();
  const [search, setSearch] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  const now = useNow(60_000);

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

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / queueRowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewport) / queueRowHeight) + overscan);
  useEffect(() => {
    if (total > 0) void ensureRange(first, last);
  }, [first, last, total, ensureRange, rows]);

  const visible = useMemo(() => {
    const list: Array<{ index: number; ticket: TicketSummary | undefined }> = [];
    for (let index = first; index <= last; index++) list.push({ index, ticket: rows.get(index) });
    return list;
  }, [first, last, rows]);

  const moveSelection = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = [...rows.entries()].find(([, ticket]) => ticket.id === selectedId)?.[0] ?? -1;
    const next = Math.max(0, Math.min(total - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const ticket = rows.get(next);
    if (ticket) void select(ticket.id);
    const element = scroller.current;
    if (element) {
      const top = next * queueRowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + queueRowHeight > element.scrollTop + element.clientHeight)
        element.scrollTop = top + queueRowHeight - element.clientHeight;
    }
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
      <div
        className="ticket-scroller"
        ref={scroller}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={moveSelection}
      >
        <ul className="ticket-rows" aria-label="Elenco ticket" style={{ height: total * queueRowHeight }}>
          {visible.map(({ index, ticket }) => (
            <li
              key={ticket?.id ?? `placeholder-${index}`}
              className="ticket-slot"
              style={{ top: index * queueRowHeight, height: queueRowHeight }}
            >
              {ticket ? (
                <TicketRow
                  ticket={ticket}
                  selected={ticket.id === selectedId}
                  now={now}
                  onSelect={() => void select(ticket.id)}
                />
              ) : (
                <span className="ticket-row placeholder" aria-hidden="true" />
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
};
