import {
  allocationSourceLabels,
  classificationFlagLabels,
  nextBillingStepAt,
  type ClassificationFlag,
} from '../../shared/domain/index.ts';
import { formatDuration, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { provisionalEvaluation } from '../../shared/model/intervention-evaluation.ts';
import type { Intervention, TicketDetail } from '../../shared/model/ticket.schema.ts';
import { Badge } from '../../ui/Badge.tsx';
import { coverageWords } from '../../shared/customer-words.ts';
import { useNow } from '../ui/useNow.ts';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { usePolicyVersions } from '../billing/policy.store.ts';

/**
 * Worked time, classification with reasons and flags, billed minutes and the next step,
 * amounts and where the time is drawn from. Live from the shared rules while the intervention
 * runs; the central API's figures once it has evaluated it.
 */
export const LiveFigures = ({ ticket, intervention }: { ticket: TicketDetail; intervention: Intervention }) => {
  // Only these figures tick (every second while the timer runs): the rest of the ticket does not re-render.
  const now = useNow(intervention.status === 'running' ? 1000 : 60_000);
  const calendar = useSupportCalendar();
  const policies = usePolicyVersions();
  const live = provisionalEvaluation(ticket, intervention, now, calendar, policies);
  // The central API's figures replace the live ones once it has evaluated the stopped intervention.
  const authoritative = intervention.billing !== null && intervention.status === 'stopped';
  const figures = authoritative && intervention.billing ? { ...live, ...intervention.billing } : live;
  const nextStep =
    intervention.status === 'stopped' ? null : nextBillingStepAt(live.workedSeconds, live.tier);
  return (
    <div className="figures" aria-label="Riepilogo economico dell’intervento">
      <div className="figure-row">
        <span className="figure-label">Tempo lavorato</span>
        <strong className="figure-value" data-testid="worked-time">
          {formatDuration(figures.workedSeconds)}
        </strong>
      </div>
      <div className="figure-row">
        <span className="figure-label">Classificazione</span>
        <span>
          <Badge tone={coverageWords(figures).tone}>{coverageWords(figures).label}</Badge>{' '}
          <span className="muted">{authoritative ? 'definitiva (API centrale)' : 'provvisoria'}</span>
        </span>
      </div>
      <ul className="reasons">
        {figures.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {figures.flags.length > 0 ? (
        <div className="badges wrap" aria-label="Segnalazioni">
          {figures.flags.map((flag) => (
            <Badge key={flag} tone="warning">
              {classificationFlagLabels[flag as ClassificationFlag] ?? flag}
            </Badge>
          ))}
        </div>
      ) : null}
      <div className="figure-row">
        <span className="figure-label">Minuti fatturati</span>
        <strong data-testid="billed-minutes">{figures.billedMinutes}</strong>
        {nextStep !== null ? (
          <span className="muted">prossimo scatto a {formatDuration(nextStep)}</span>
        ) : null}
      </div>
      <div className="figure-row">
        <span className="figure-label">Importi</span>
        <span data-testid="amounts">
          netto {formatEuroCents(figures.netCents)} · IVA {formatEuroCents(figures.vatCents)} · totale{' '}
          {formatEuroCents(figures.grossCents)}
        </span>
      </div>
      {figures.allocation.length > 0 ? (
        <div className="figure-row">
          <span className="figure-label">Addebito su</span>
          <span data-testid="allocation">
            {figures.allocation
              .map((part) => `${allocationSourceLabels[part.source]}: ${formatMinutes(part.minutes)}`)
              .join(' · ')}
          </span>
        </div>
      ) : null}
    </div>
  );
};
