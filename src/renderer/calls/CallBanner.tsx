import { callLineLabels, type CurrentCall } from '../../shared/channels/calls.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { useHostQuery } from '../host/use-host.ts';

/**
 * «Chi chiama»: while a call rings (every console) or its user is on it, who is calling, their
 * coverage and open requests, and *Nuova richiesta* pre-filled with the phone channel and the
 * number. Announced to screen readers politely; it never takes the focus from the work at hand.
 */
export const CallBanner = ({ onNewRequest, onOpenTicket }: { onNewRequest: (call: CurrentCall) => void; onOpenTicket: (ticketId: string) => void }) => {
  const current = useHostQuery('calls.current', {}, { refreshOn: ['tickets.changed', 'sync.status'], refreshEveryMs: 2_000 });
  const calls = current.data?.calls ?? [];
  return (
    <section className="call-banner" aria-label="Chiamate in corso" aria-live="polite" hidden={calls.length === 0}>
      {calls.map((call) => (
        <div key={call.id} className="call-banner-item">
          <strong>{call.state === 'ringing' ? 'Chiamata in arrivo' : 'In linea'}</strong>{' '}
          {call.customer ? (
            <>
              da <strong>{call.customer.name}</strong> ({call.customer.code})
            </>
          ) : (
            'da un numero sconosciuto'
          )}{' '}
          <span className="muted">
            {call.fromNumber ?? 'numero nascosto'} · {formatDateTime(call.rangAt)}
          </span>{' '}
          {call.line === 'weekend' ? <Badge tone="warning">{callLineLabels.weekend}</Badge> : null}{' '}
          {call.customer?.coverage.standard ? <Badge tone="info">Standard</Badge> : null} {call.customer?.coverage.extended ? <Badge tone="info">J-System</Badge> : null}{' '}
          {call.customer?.coverage.warranty ? <Badge tone="success">Garanzia</Badge> : null}
          {call.openTickets.length > 0 ? (
            <span>
              {' '}
              Richieste aperte:{' '}
              {call.openTickets.map((ticket) => (
                <button key={ticket.id} type="button" className="link-button" onClick={() => onOpenTicket(ticket.id)}>
                  {ticket.number} · {ticket.subject}
                </button>
              ))}
            </span>
          ) : null}{' '}
          <button type="button" className="primary" onClick={() => onNewRequest(call)}>
            Nuova richiesta
          </button>
        </div>
      ))}
    </section>
  );
};
