import { formatDateTime } from '../../shared/format.ts';
import type { ConsoleSync } from '../../shared/review/consoles.ts';
import { useHostQuery } from '../host/use-host.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';

/** A console silent this long is worth a call: its work of the day may not be in the figures. */
const staleAfterMs = 2 * 60 * 60_000;

/**
 * «Postazioni»: each console's last sync and the commands it still held, read from the central API
 * (only it knows every console), so the lead knows whether the day's figures are complete.
 */
export const ConsolesPanel = ({ now }: { now: Date }) => {
  // Read again every minute while the lead looks at the day.
  const { data, error, reload } = useHostQuery('review.consoles', {}, { refreshEveryMs: 60_000 });
  const consoles: ConsoleSync[] | null = data?.consoles ?? null;

  return (
    <section aria-labelledby="consoles-title">
      <header className="panel-header">
        <h3 id="consoles-title">Postazioni</h3>
        <button type="button" onClick={reload}>
          Aggiorna
        </button>
      </header>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {consoles && consoles.length === 0 ? <p className="muted">Nessuna postazione si è sincronizzata negli ultimi 30 giorni.</p> : null}
      {consoles && consoles.length > 0 ? (
        <table aria-label="Postazioni">
          <thead>
            <tr>
              <th>Utente</th>
              <th>Ultima sincronizzazione</th>
              <th className="number">Comandi da inviare</th>
              <th>Postazione</th>
            </tr>
          </thead>
          <tbody>
            {consoles.map((item) => {
              const stale = now.getTime() - Date.parse(item.lastSyncAt) > staleAfterMs;
              return (
                <tr key={item.clientId}>
                  <td>{item.userName}</td>
                  <td>
                    {formatDateTime(item.lastSyncAt)} {stale ? <Badge tone="warning">da più di 2 ore</Badge> : null}
                  </td>
                  <td className="number">
                    {item.pendingCommands === null ? '—' : item.pendingCommands}{' '}
                    {item.pendingCommands ? <Badge tone="warning">lavoro non ancora inviato</Badge> : null}
                  </td>
                  <td className="muted">{item.clientId.slice(-8)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};
