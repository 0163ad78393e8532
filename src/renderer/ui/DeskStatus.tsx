import { useEffect, useState } from 'react';
import { isSupportOpen, nextSupportOpening } from '../../shared/domain/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Badge } from './Badge.tsx';

/** Whether the desk is open now (weekday service) and, when closed, when it next opens. */
export const DeskStatus = () => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const open = isSupportOpen(now);
  return (
    <span className="desk-status" aria-live="polite">
      {open ? (
        <Badge tone="success">Assistenza aperta</Badge>
      ) : (
        <>
          <Badge tone="neutral">Assistenza chiusa</Badge>{' '}
          <span className="muted">riapre {formatDateTime(nextSupportOpening(now))}</span>
        </>
      )}
    </span>
  );
};
