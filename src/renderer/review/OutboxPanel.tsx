import { useState } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { mailKindLabels, type OutboxReview } from '../../shared/review/outbox.ts';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

/**
 * «Posta in uscita»: the mails to customers the central API could not send (parked after their
 * attempts, or still failing), with the error, so a lead can fix the address or the server and
 * send them again.
 */
export const OutboxPanel = () => {
  const mail = useHostQuery('review.mail', {}, { refreshEveryMs: 60_000 });
  const review: OutboxReview | null = mail.data;
  const retryMail = useHostAction('review.mailRetry');
  const [requeued, setRequeued] = useState(false);
  const load = mail.reload;
  const retry = async (id: string) => {
    setRequeued((await retryMail.run({ id })).ok);
    load();
  };
  const message: { tone: 'info' | 'error'; text: string } | null = retryMail.error
    ? { tone: 'error', text: retryMail.error }
    : mail.error
      ? { tone: 'error', text: mail.error }
      : requeued
        ? { tone: 'info', text: 'E-mail rimessa in coda: parte al prossimo giro.' }
        : null;

  return (
    <section aria-labelledby="outbox-title">
      <header className="panel-header">
        <h3 id="outbox-title">Posta in uscita</h3>
        <button type="button" onClick={load}>
          Aggiorna
        </button>
      </header>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {review ? (
        <p className="muted">
          Inviate {review.counts.sent} · in coda {review.counts.queued} · accantonate {review.counts.parked}
        </p>
      ) : null}
      {review && review.troubled.length === 0 ? <p className="muted">Nessuna e-mail in difficoltà.</p> : null}
      {review && review.troubled.length > 0 ? (
        <table aria-label="E-mail non inviate">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Destinatario</th>
              <th>Stato</th>
              <th>Ultimo errore</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {review.troubled.map((mail) => (
              <tr key={mail.id}>
                <td>
                  {mailKindLabels[mail.kind]}
                  {mail.ticketNumber ? ` · ${mail.ticketNumber}` : ''}
                  <div className="muted">{formatDateTime(mail.createdAt)}</div>
                </td>
                <td>{mail.recipient}</td>
                <td>
                  {mail.status === 'parked' ? <Badge tone="danger">accantonata</Badge> : <Badge tone="warning">nuovo tentativo</Badge>}
                  <div className="muted">
                    {mail.attempts} {mail.attempts === 1 ? 'tentativo' : 'tentativi'}
                    {mail.status === 'queued' && mail.nextAttemptAt ? `, prossimo ${formatDateTime(mail.nextAttemptAt)}` : ''}
                  </div>
                </td>
                <td>{mail.lastError ?? '—'}</td>
                <td>
                  {mail.status === 'parked' ? (
                    <button type="button" aria-label={`Rimetti in coda l’e-mail per ${mail.recipient}`} onClick={() => void retry(mail.id)}>
                      Rimetti in coda
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};
