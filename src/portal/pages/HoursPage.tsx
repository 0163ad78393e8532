import { useCallback, useState } from 'react';
import { defaultBillingPolicy } from '../../shared/domain/index.ts';
import { formatDateTime, formatDay, formatEuroCents, formatMinutes, formatValidUntil } from '../../shared/format.ts';
import { portalHoursSchema, portalPreferenceRequestSchema, type PortalHours } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PortalError, portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

const preferenceLabel = (preference: 'packages' | 'consuntivo', hourlyRateCents: number) =>
  preference === 'packages' ? 'Acquisto di pacchetti di ore' : `Fatturazione a consuntivo (${formatEuroCents(hourlyRateCents)} + IVA all’ora)`;

/** Residual hours per pot and the notices sent: on the home page and the hours page alike. */
export const HourPots = ({ hours: data }: { hours: PortalHours }) => (
  <>
    <ul className="portal-cards" aria-label="Ore per fonte">
      <li className="card">
        <h3>Ore gratuite</h3>
        <p className="portal-figure">{formatMinutes(data.freeMinutes)}</p>
      </li>
      {data.packages.map((item) => (
        <li key={item.id} className="card">
          <h3>Pacchetto del {formatDay(item.purchasedOn)}</h3>
          <p className="portal-figure">
            {formatMinutes(item.remainingMinutes)} <span className="muted">su {formatMinutes(item.totalMinutes)}</span>
          </p>
          <p className="muted">{item.expiresOn ? `Valido ${formatValidUntil(item.expiresOn)}` : 'Senza scadenza'}</p>
        </li>
      ))}
    </ul>
    {data.notices.length > 0 ? (
      <section aria-label="Avvisi">
        <h3>Avvisi</h3>
        <ul className="plain-list">
          {data.notices.map((notice) => (
            <li key={`${notice.pot}-${notice.threshold}-${notice.createdAt}`}>
              <Badge tone={notice.threshold === 'exhausted' ? 'danger' : 'warning'}>{notice.threshold === 'exhausted' ? 'esaurite' : 'sotto il 20%'}</Badge>{' '}
              {notice.pot === 'free' ? 'Ore gratuite' : 'Pacchetto di ore'} · {formatDateTime(notice.createdAt)}
            </li>
          ))}
        </ul>
      </section>
    ) : null}
  </>
);

/** Residual hours per pot, straight from the API's ledger, the notices sent, and what to do when they run out. */
export const HoursPage = () => {
  const { data, error, reload } = useLoad(useCallback(() => portalCall('GET', '/hours', portalHoursSchema), []));
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const choose = async (preference: 'packages' | 'consuntivo') => {
    try {
      await portalCall('POST', '/preference', portalPreferenceRequestSchema, { preference });
      setMessage({ tone: 'info', text: 'Preferenza registrata.' });
      reload();
    } catch (failure) {
      setMessage({ tone: 'error', text: failure instanceof PortalError ? failure.message : 'Operazione non riuscita.' });
    }
  };
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title">Ore residue</h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data ? (
        <>
          <HourPots hours={data} />
          <section aria-label="Quando le ore finiscono">
            <h3>Quando le ore finiscono</h3>
            <p>Preferenza attuale: {data.preference ? preferenceLabel(data.preference, data.hourlyRateCents ?? defaultBillingPolicy.hourlyRateCents) : 'non indicata'}</p>
            <div className="actions">
              <button type="button" onClick={() => void choose('packages')} disabled={data.preference === 'packages'}>
                Preferisco i pacchetti
              </button>
              <button type="button" onClick={() => void choose('consuntivo')} disabled={data.preference === 'consuntivo'}>
                Fatturate a consuntivo
              </button>
            </div>
            {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
          </section>
        </>
      ) : null}
    </section>
  );
};
