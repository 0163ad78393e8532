import { useCallback } from 'react';
import { z } from 'zod';
import { coverageWords, hourBankWord, nothingChargedWords } from '../../shared/customer-words.ts';
import { formatDateTime, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { channelLabels, interventionModeLabels, ticketStatusLabels } from '../../shared/model/enums.ts';
import { minutesFromHours } from '../../shared/model/customer-figures.ts';
import { portalTicketSchema, type PortalTicket } from '../../shared/portal-api/portal-api.ts';
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

/** Every request of the customer, newest first, with each intervention's classification, worked and billed time. */
export const TicketsPage = () => {
  const { data, error } = useLoad(useCallback(() => portalCall('GET', '/tickets', z.object({ tickets: z.array(portalTicketSchema) })), []));
  return (
    <section aria-labelledby="tickets-title">
      <h2 id="tickets-title">Le sue richieste</h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data && data.tickets.length === 0 ? <p className="muted">Nessuna richiesta.</p> : null}
      <ul className="plain-list" aria-label="Richieste">
        {data?.tickets.map((ticket) => (
          <li key={ticket.id} className="card">
            <details>
              <summary>
                <strong>{ticket.number}</strong> · {ticket.subject}{' '}
                <Badge tone={ticket.status === 'closed' ? 'success' : 'info'}>{ticketStatusLabels[ticket.status]}</Badge>
                <div className="muted">
                  {channelLabels[ticket.channel]} · aperta il {formatDateTime(ticket.openedAt)}
                  {ticket.closedAt ? ` · chiusa il ${formatDateTime(ticket.closedAt)}` : ''}
                </div>
                {ticket.handling ? (
                  <div className="muted">
                    {ticket.handling.taken ? `Presa in carico in ${formatMinutes(ticket.handling.takeMinutes)}` : 'In attesa di presa in carico'}
                    {ticket.handling.resolved ? `, risolta in ${formatMinutes(ticket.handling.resolveMinutes)}` : ''} (ore di assistenza)
                  </div>
                ) : null}
              </summary>
              {ticket.interventions.length === 0 ? (
                <p className="muted">Nessun intervento ancora.</p>
              ) : (
                <ul className="plain-list">
                  {ticket.interventions.map((item) => (
                    <Intervention key={item.startedAt} item={item} />
                  ))}
                </ul>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
};
