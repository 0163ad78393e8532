import { useState, type FormEvent } from 'react';
import { tierLabels } from '../../shared/domain/index.ts';
import { formatDateTime, formatEuroCents } from '../../shared/format.ts';
import { closurePreview } from '../../shared/model/intervention-evaluation.ts';
import { causeLabels, causes, type Cause } from '../../shared/model/enums.ts';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { useHostAction } from '../host/use-host.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { RadioGroup } from '../ui/RadioGroup.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { usePolicyVersions } from '../billing/policy.store.ts';
import { FormActions } from '../ui/FormActions.tsx';

/**
 * Resolution and cause. With cause customer the technician sees, before confirming, how every
 * intervention becomes billable and what it costs. Closing queues the summary mail (the central
 * API sends it).
 */
export const CloseTicketDialog = ({
  ticket,
  open,
  onClose,
  onClosed,
}: {
  ticket: TicketDetail;
  open: boolean;
  onClose: () => void;
  onClosed: () => void;
}) => (
  <Dialog title={`Chiudi il ticket ${ticket.number}`} open={open} onClose={onClose}>
    <CloseTicketForm ticket={ticket} onClose={onClose} onClosed={onClosed} />
  </Dialog>
);

const CloseTicketForm = ({
  ticket,
  onClose,
  onClosed,
}: {
  ticket: TicketDetail;
  onClose: () => void;
  onClosed: () => void;
}) => {
  const [cause, setCause] = useState<Cause>('vendor');
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<string | null>(null);
  const running = ticket.interventions.some((intervention) => intervention.status !== 'stopped');
  const calendar = useSupportCalendar();
  const policies = usePolicyVersions();
  const preview = closurePreview(ticket, cause, new Date(), calendar, policies);

  const close = useHostAction('tickets.close');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await close.run({ ticketId: ticket.id, cause, resolution });
    if (result.ok) {
      onClosed();
      onClose();
    } else {
      setError(result.error.message);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="form-grid">
      {running ? (
        <Notice tone="error">Concludi gli interventi in corso prima di chiudere il ticket.</Notice>
      ) : null}
      <label className="field">
        <span className="field-label">Soluzione adottata</span>
        <textarea
          required
          rows={3}
          value={resolution}
          onChange={(event) => setResolution(event.target.value)}
        />
      </label>
      <RadioGroup
        legend="Causa"
        name="cause"
        values={causes}
        labels={causeLabels}
        value={cause}
        onChange={setCause}
      />
      {cause === 'customer' ? (
        <section aria-label="Effetto della causa cliente" className="card">
          <h3>Con causa cliente tutti gli interventi diventano a pagamento</h3>
          <ul className="plain-list">
            {preview.rows.map(({ intervention, evaluation }) => (
              <li key={intervention.id}>
                {formatDateTime(intervention.startedAt)} · {tierLabels[evaluation.tier]} ·{' '}
                {evaluation.billedMinutes} min fatturati · {formatEuroCents(evaluation.grossCents)}
              </li>
            ))}
          </ul>
          <p data-testid="closure-total">
            Totale: {preview.billedMinutes} min · netto {formatEuroCents(preview.netCents)} · IVA{' '}
            {formatEuroCents(preview.vatCents)} · totale {formatEuroCents(preview.grossCents)}
          </p>
        </section>
      ) : null}
      <p className="muted">
        {ticket.customer.email
          ? `Alla chiusura ${ticket.customer.email} riceverà per e-mail il riepilogo e il modulo di valutazione.`
          : 'Il cliente non ha un indirizzo e-mail in anagrafica: non riceverà il riepilogo né il modulo di valutazione.'}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <FormActions
        submitLabel={cause === 'customer' ? 'Conferma e chiudi come causa cliente' : 'Chiudi ticket'}
        onCancel={onClose}
        disabled={running || resolution.trim() === ''}
      />
    </form>
  );
};
