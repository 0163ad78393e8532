import { useCallback } from 'react';
import { formatDay } from '../../shared/format.ts';
import { repairChargeWords, repairStatusWords, repairWarrantyWords } from '../../shared/model/customer-repair.ts';
import { portalRepairsSchema } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

/** The customer's hardware repairs, newest first: where each stands, the warranty verdict and, once done, the charge. */
export const RepairsPage = () => {
  const { data, error } = useLoad(useCallback(() => portalCall('GET', '/repairs', portalRepairsSchema), []));
  return (
    <section aria-labelledby="repairs-title">
      <h2 id="repairs-title">Le sue riparazioni</h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data && data.repairs.length === 0 ? <p className="muted">Nessuna riparazione.</p> : null}
      <ul className="plain-list" aria-label="Riparazioni">
        {data?.repairs.map((repair) => {
          const warranty = repairWarrantyWords(repair.warranty);
          return (
            <li key={repair.id} className="card" aria-label={`Riparazione ${repair.deviceSerial}`}>
              <strong>{repair.deviceModel}</strong> · matricola {repair.deviceSerial}{' '}
              <Badge tone={repair.status === 'returned' ? 'success' : 'info'}>{repairStatusWords(repair.status)}</Badge>
              <div className="muted">
                Ricevuto il {formatDay(repair.receivedOn)}
                {repair.ticketNumber ? ` · richiesta ${repair.ticketNumber}` : ''}
              </div>
              <dl className="fields">
                <div className="field-row">
                  <dt>Difetto segnalato</dt>
                  <dd>{repair.reportedDefect}</dd>
                </div>
                {repair.diagnosis ? (
                  <div className="field-row">
                    <dt>Diagnosi</dt>
                    <dd>{repair.diagnosis}</dd>
                  </div>
                ) : null}
                <div className="field-row">
                  <dt>Garanzia</dt>
                  <dd>
                    <Badge tone={warranty.tone}>{warranty.label}</Badge>
                  </dd>
                </div>
                <div className="field-row">
                  <dt>Addebito</dt>
                  <dd>{repair.figures ? repairChargeWords(repair.figures) : 'Riparazione in corso: l’eventuale addebito comparirà nel rendiconto mensile.'}</dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
    </section>
  );
};
