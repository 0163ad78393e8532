import { deskStatus } from '../../shared/domain/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { useNow } from './useNow.ts';
import type { SupportCalendar } from '../../shared/domain/index.ts';

/** Whether the desk is open now (regular or weekend service) and, when closed, when it next opens. */
export const DeskStatus = ({ calendar }: { calendar: SupportCalendar }) => {
  const status = deskStatus(useNow(30_000), calendar);
  return (
    <span className="desk-status" aria-live="polite">
      {status.state === 'open' ? <Badge tone="success">Assistenza aperta</Badge> : null}
      {status.state === 'weekend' ? (
        <Badge tone="info">Assistenza weekend: solo J-System, problemi bloccanti</Badge>
      ) : null}
      {status.state === 'closed' ? (
        <>
          <Badge tone="neutral">Assistenza chiusa</Badge>{' '}
          <span className="muted">
            riapre {formatDateTime(status.nextOpening)}
            {status.nextOpeningIsWeekend ? ' (servizio weekend)' : ''}
          </span>
        </>
      ) : null}
    </span>
  );
};
