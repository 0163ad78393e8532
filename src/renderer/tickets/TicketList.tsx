import { useEffect, useState } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { Notice } from '../ui/Notice.tsx';
import { ChannelLabel, PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { useTicketsStore } from './tickets.store.ts';

export const TicketList = () => {
  const { items, total, loading, error, selectedId, load, select, watch } = useTicketsStore();
  const [search, setSearch] = useState('');

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  useEffect(() => {
    const handle = setTimeout(
      () => void load({ search: search.trim() === '' ? undefined : search, offset: 0 }),
      200,
    );
    return () => clearTimeout(handle);
  }, [search, load]);

  return (
    <section className="panel ticket-list" aria-labelledby="ticket-list-title">
      <header className="panel-header">
        <h2 id="ticket-list-title">Ticket</h2>
        <span className="muted" aria-live="polite">
          {loading ? 'Caricamento…' : `${total} ticket`}
        </span>
      </header>
      <label className="field">
        <span className="field-label">Cerca</span>
        <input
          type="search"
          value={search}
          placeholder="Numero, cliente, oggetto…"
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!loading && !error && items.length === 0 ? <Notice tone="info">Nessun ticket trovato.</Notice> : null}
      <ul className="ticket-rows" aria-label="Elenco ticket">
        {items.map((ticket) => (
          <li key={ticket.id}>
            <button
              type="button"
              className={`ticket-row${ticket.id === selectedId ? ' selected' : ''}`}
              aria-current={ticket.id === selectedId ? 'true' : undefined}
              onClick={() => void select(ticket.id)}
            >
              <span className="ticket-row-top">
                <PriorityBadge priority={ticket.priority} />
                <strong className="ticket-number">{ticket.number}</strong>
                <StatusBadge status={ticket.status} />
              </span>
              <span className="ticket-subject">{ticket.subject}</span>
              <span className="ticket-row-bottom">
                <span>{ticket.customerName}</span>
                <ChannelLabel channel={ticket.channel} />
                <span className="muted">{formatDateTime(ticket.openedAt)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
};
