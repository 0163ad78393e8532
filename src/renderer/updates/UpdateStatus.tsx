import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../shared/updates/update-status.ts';
import { useHostAction, useHostEvent, useHostQuery } from '../host/use-host.ts';
import { Badge } from '../../ui/Badge.tsx';

/** The update status, asked once and then followed by its event (whichever arrives last is shown). */
const useUpdateStatus = (): [UpdateStatus | null, (status: UpdateStatus) => void] => {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const asked = useHostQuery('update.status', {});
  useEffect(() => {
    if (asked.data) setStatus(asked.data);
  }, [asked.data]);
  useHostEvent('update.status', setStatus);
  return [status, setStatus];
};

/** In the header once an update has downloaded: it installs when nothing is at stake, or at the next quit. */
export const UpdateBadge = () => {
  const [status] = useUpdateStatus();
  if (status?.state !== 'ready') return null;
  return (
    <span title={status.message ?? undefined}>
      <Badge tone="info">Aggiornamento pronto{status.version ? ` (${status.version})` : ''}</Badge>
    </span>
  );
};

const stateLabels = {
  not_applicable: null,
  idle: 'aggiornato',
  checking: 'controllo in corso…',
  downloading: 'download in corso',
  ready: 'pronto',
  error: 'controllo non riuscito',
} as const satisfies Record<UpdateStatus['state'], string | null>;

/** The workstation's update channel and where the update stands, in the sync panel. */
export const UpdateSettings = () => {
  const [status, setStatus] = useUpdateStatus();
  const { run: setChannel } = useHostAction('update.setChannel');
  if (!status) return null;
  if (status.state === 'not_applicable') return <p className="muted">{status.message}</p>;
  const label = stateLabels[status.state];
  return (
    <div className="update-settings">
      <label className="field">
        <span className="field-label">Canale degli aggiornamenti</span>
        <select
          value={status.channel}
          onChange={(event) =>
            void setChannel({ channel: event.target.value === 'beta' ? 'beta' : 'stable' }).then((result) => result.ok && setStatus(result.value))
          }
        >
          <option value="stable">Stabile</option>
          <option value="beta">Beta (versioni di prova)</option>
        </select>
      </label>
      <p className="muted">
        Aggiornamenti: {label}
        {status.state === 'downloading' && status.progressPercent !== null ? ` (${status.progressPercent}%)` : ''}
        {status.version && status.state !== 'idle' ? ` · versione ${status.version}` : ''}
        {status.message ? ` · ${status.message}` : ''}
      </p>
    </div>
  );
};
