import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { coverageWords, hourBankWord, nothingChargedWords, requestWords } from '../../shared/customer-words.ts';
import { formatDateTime, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { channelLabels, interventionModeLabels, ticketStatusLabels } from '../../shared/model/enums.ts';
import { minutesFromHours } from '../../shared/model/customer-figures.ts';
import { portalTicketListQuerySchema, portalTicketListSchema, type PortalTicket } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

export const Intervention = ({ item }: { item: PortalTicket['interventions'][number] }) => {
  const { figures } = item;
  return (
    <li className="portal-intervention">
      <strong>{formatDateTime(item.startedAt)}</strong> · {interventionModeLabels[item.mode]} · {item.activity}
      {item.running ? (
        <p className="muted">Intervento in corso.</p>
      ) : !figures ? (
        <p className="muted">Tempi in verifica: l’addebito comparirà nel rendiconto mensile.</p>
      ) : (
        <dl className="fields">
          <div className="field-row">
            <dt>Classificazione</dt>
            <dd>
              <Badge tone={coverageWords(figures).tone}>{coverageWords(figures).label}</Badge>
              {figures.reasons.length > 0 ? <span className="muted"> {figures.reasons.join(' ')}</span> : null}
            </dd>
          </div>
          <div className="field-row">
            <dt>Tempo lavorato</dt>
            <dd>{formatMinutes(Math.floor(figures.workedSeconds / 60))}</dd>
          </div>
          <div className="field-row">
            <dt>Tempo fatturato</dt>
            <dd>{formatMinutes(figures.billedMinutes)}</dd>
          </div>
          <div className="field-row">
            <dt>Addebito</dt>
            <dd>
              {figures.billedMinutes === 0
                ? nothingChargedWords(figures.tier)
                : [
                    minutesFromHours(figures) > 0 ? `${formatMinutes(minutesFromHours(figures))} dal ${hourBankWord}` : null,
                    figures.invoicedMinutes > 0 ? `${formatMinutes(figures.invoicedMinutes)} a consuntivo, ${formatEuroCents(figures.grossCents)} IVA inclusa` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
            </dd>
          </div>
        </dl>
      )}
    </li>
  );
};

/** A request in one row: state, how its work reads altogether, worked against billed time, the last message. */
export const RequestRow = ({ ticket }: { ticket: PortalTicket }) => {
  const words = requestWords(ticket.interventions.flatMap((item) => (item.figures ? [item.figures] : [])));
  const last = ticket.messages.at(-1);
  return (
    <li className="card portal-request">
      <Link to={`/richieste/${ticket.id}`} className="portal-request-link">
        <strong>{ticket.number}</strong> · {ticket.subject}
      </Link>
      <div>
        <Badge tone={ticket.status === 'closed' ? 'success' : 'info'}>{ticketStatusLabels[ticket.status]}</Badge>{' '}
        {words ? <Badge tone={words.tone}>{words.label}</Badge> : null}{' '}
        <span className="muted">
          {words ? `lavorato ${formatMinutes(words.workedMinutes)} · fatturato ${formatMinutes(words.billedMinutes)} · ` : ''}
          {channelLabels[ticket.channel]} · aperta il {formatDateTime(ticket.openedAt)}
        </span>
      </div>
      {last ? (
        <p className="portal-last-message">
          <span className="muted">{last.authorLabel}:</span> {last.body.length > 140 ? `${last.body.slice(0, 140)}…` : last.body}
        </p>
      ) : null}
    </li>
  );
};

const states = ['aperte', 'chiuse', 'tutte'] as const;
const stateLabels = { aperte: 'Aperte', chiuse: 'Chiuse', tutte: 'Tutte' } as const satisfies Record<(typeof states)[number], string>;

/** Every request of the customer, newest first: open or closed, searched by number or subject, a page at a time. */
export const TicketsPage = () => {
  const [params, setParams] = useSearchParams();
  const query = portalTicketListQuerySchema.catch({ stato: 'tutte', cerca: '', pagina: 1 }).parse(Object.fromEntries(params));
  const [search, setSearch] = useState(query.cerca);
  const address = `/tickets?${new URLSearchParams({ stato: query.stato, cerca: query.cerca, pagina: String(query.pagina) }).toString()}`;
  const { data, error } = useLoad(useCallback(() => portalCall('GET', address, portalTicketListSchema), [address]));
  const go = (patch: Partial<typeof query>) => setParams(new URLSearchParams(Object.entries({ ...query, pagina: 1, ...patch }).map(([key, value]) => [key, String(value)])));
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section aria-labelledby="tickets-title">
      <h2 id="tickets-title">Le sue richieste</h2>
      <div className="portal-filters">
        <div role="group" aria-label="Quali richieste" className="portal-segmented">
          {states.map((state) => (
            <button key={state} type="button" aria-pressed={query.stato === state} onClick={() => go({ stato: state })}>
              {stateLabels[state]}
            </button>
          ))}
        </div>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            go({ cerca: search });
          }}
        >
          <label className="field">
            <span className="field-label">Cerca per numero o oggetto</span>
            <input type="search" value={search} maxLength={100} onChange={(event) => setSearch(event.target.value)} />
          </label>
          <button type="submit">Cerca</button>
        </form>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data && data.tickets.length === 0 ? <p className="muted">Nessuna richiesta{query.cerca ? ` per «${query.cerca}»` : ''}.</p> : null}
      <ul className="plain-list" aria-label="Richieste">
        {data?.tickets.map((ticket) => (
          <RequestRow key={ticket.id} ticket={ticket} />
        ))}
      </ul>
      {data && data.total > data.pageSize ? (
        <nav aria-label="Pagine" className="portal-pager">
          <button type="button" disabled={query.pagina <= 1} onClick={() => go({ pagina: query.pagina - 1 })}>
            Precedente
          </button>
          <span>
            Pagina {query.pagina} di {pages} ({data.total} richieste)
          </span>
          <button type="button" disabled={query.pagina >= pages} onClick={() => go({ pagina: query.pagina + 1 })}>
            Successiva
          </button>
        </nav>
      ) : null}
    </section>
  );
};
