import { useCallback, useState } from 'react';
import { z } from 'zod';
import { billingMonthOf, romeDay } from '../../shared/domain/index.ts';
import { formatDay, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { billingMonthLabel, customerStatementSchema } from '../../shared/reports/statement.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

/** The month's statement «a consuntivo»: what is invoiced beyond the hours, and the hours used. */
export const StatementsPage = () => {
  const [month, setMonth] = useState(() => billingMonthOf(new Date()));
  const { data, error } = useLoad(
    useCallback(() => portalCall('GET', `/statements/${month}`, z.object({ month: z.string(), closed: z.boolean(), statement: customerStatementSchema })), [month]),
  );
  return (
    <section aria-labelledby="statements-title">
      <h2 id="statements-title">Rendiconti mensili</h2>
      <div className="actions">
        <label className="field">
          <span className="field-label">Mese</span>
          <input type="month" value={month} required onChange={(event) => event.target.value && setMonth(event.target.value)} />
        </label>
        <a className="button-link" href={`/portal/api/statements/${month}/pdf`} download>
          Scarica il PDF
        </a>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data ? (
        <>
          <p>
            {billingMonthLabel(data.month)} {data.closed ? <Badge tone="neutral">definitivo</Badge> : <Badge tone="warning">mese in corso: provvisorio</Badge>}
          </p>
          {data.statement.lines.length === 0 ? (
            <p className="muted">Nessun intervento a consuntivo in questo mese.</p>
          ) : (
            <table aria-label="Interventi a consuntivo">
              <thead>
                <tr>
                  <th>Data</th>
                  <th>Richiesta</th>
                  <th className="number">A consuntivo</th>
                  <th className="number">Totale</th>
                </tr>
              </thead>
              <tbody>
                {data.statement.lines.map((line) => (
                  <tr key={`${line.workId}:${line.kind}`}>
                    <td>{formatDay(romeDay(line.workAt))}</td>
                    <td>
                      {line.ticketNumber ?? '—'} · {line.activity}
                      {line.description ? `: ${line.description}` : ''}
                      {line.adjustment ? ' (rettifica)' : ''}
                    </td>
                    <td className="number">{line.kind === 'work' ? formatMinutes(line.invoicedMinutes) : '—'}</td>
                    <td className="number">{formatEuroCents(line.grossCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Totale: {formatEuroCents(data.statement.totals.netCents)} + IVA {formatEuroCents(data.statement.totals.vatCents)} ={' '}
            <strong>{formatEuroCents(data.statement.totals.grossCents)}</strong>
          </p>
          <p className="muted">
            Ore gratuite usate: {formatMinutes(data.statement.draws.freeMinutes)} · ore dei pacchetti:{' '}
            {formatMinutes(data.statement.draws.packages.reduce((sum, item) => sum + item.minutes, 0))}
          </p>
        </>
      ) : null}
    </section>
  );
};
