import { useState } from 'react';
import { billingMonthOf } from '../../shared/domain/billing-period.ts';
import { formatDateTime, formatMinutes, formatTenths } from '../../shared/format.ts';
import { priorities, priorityLabels } from '../../shared/model/enums.ts';
import type { QualityRow } from '../../shared/review/quality-summary.ts';
import type { WorkloadRow } from '../../shared/review/workload.ts';
import type { HandlingSummary } from '../../shared/review/handling-times.ts';
import { useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Notice } from '../../ui/Notice.tsx';
import { QualityChart } from './QualityChart.tsx';

/** «Carico e qualità»: who holds which open tickets now, and what customers said of each technician's month. */
export const LoadAndQualityScreen = () => {
  const lastSyncedAt = useSyncStore((state) => state.status?.lastSyncedAt ?? null);
  return (
    <main className="lead-screen" aria-labelledby="load-title">
      <header className="panel-header">
        <h2 id="load-title">Carico e qualità</h2>
      </header>
      <p className="muted">
        Dati della copia locale{lastSyncedAt ? `, aggiornati all’ultima sincronizzazione (${formatDateTime(lastSyncedAt)})` : ', mai sincronizzata'}. Le attese contano le sole ore di assistenza.
      </p>
      <Workload />
      <HandlingTimes />
      <QualityByTechnician />
    </main>
  );
};

const Workload = () => {
  // New tickets and assignments arrive with every sync; waits grow by themselves.
  const view = useHostQuery('review.workload', {}, { refreshOn: ['tickets.changed'], refreshEveryMs: 60_000 });
  const rows: WorkloadRow[] = view.data?.rows ?? [];
  return (
    <section className="card" aria-labelledby="workload-title">
      <h3 id="workload-title">Carico per tecnico</h3>
      {view.error ? <Notice tone="error">{view.error}</Notice> : null}
      {view.data && rows.length === 0 ? <p className="muted">Nessun ticket aperto.</p> : null}
      {rows.length > 0 ? (
        <table aria-label="Carico per tecnico">
          <thead>
            <tr>
              <th>Tecnico</th>
              <th className="number">Aperti</th>
              {priorities.map((priority) => (
                <th key={priority} className="number" title={priorityLabels[priority]}>
                  {priority}
                </th>
              ))}
              <th className="number">In attesa del cliente</th>
              <th className="number">Attesa media</th>
              <th>Attesa più lunga</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.technicianId ?? 'unassigned'}>
                <th scope="row">{row.technicianName}</th>
                <td className="number">{row.open}</td>
                {priorities.map((priority) => (
                  <td key={priority} className="number">
                    {row.byPriority[priority]}
                  </td>
                ))}
                <td className="number">{row.waitingForCustomer}</td>
                <td className="number">{formatMinutes(row.averageWaitMinutes)}</td>
                <td>
                  {formatMinutes(row.oldestWaitMinutes)}
                  {row.oldestTicketNumber ? <span className="muted"> · {row.oldestTicketNumber}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};

const QualityByTechnician = () => {
  const [month, setMonth] = useState(() => billingMonthOf(new Date()));
  const view = useHostQuery('review.quality', { month }, { refreshOn: ['tickets.changed'] });
  const rows: QualityRow[] = view.data?.rows ?? [];
  return (
    <section className="card" aria-labelledby="quality-summary-title">
      <header className="panel-header">
        <h3 id="quality-summary-title">Qualità per tecnico</h3>
        <label className="field">
          <span className="field-label">Mese</span>
          <input type="month" value={month} required onChange={(event) => event.target.value && setMonth(event.target.value)} />
        </label>
      </header>
      <p className="muted">Valutazioni dal modulo e chiamate di qualità sui ticket chiusi nel mese, attribuite al tecnico che li aveva in carico.</p>
      {view.error ? <Notice tone="error">{view.error}</Notice> : null}
      {view.data && view.fresh && rows.length === 0 ? <p className="muted">Nessuna valutazione né chiamata per i ticket chiusi in questo mese.</p> : null}
      {rows.length > 0 ? (
        <>
          <QualityChart rows={rows} />
          <table aria-label="Qualità per tecnico">
            <thead>
              <tr>
                <th>Tecnico</th>
                <th className="number">Valutazioni</th>
                <th className="number">Voto medio</th>
                <th>Voti 1–5</th>
                <th className="number">Chiamate: raggiunti</th>
                <th className="number">Non raggiunti</th>
                <th className="number">Da chiamare</th>
                <th className="number">Voto medio chiamate</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.technicianId ?? 'none'}>
                  <th scope="row">{row.technicianName}</th>
                  <td className="number">{row.feedback.count}</td>
                  <td className="number">{formatTenths(row.feedback.averageTenths)}</td>
                  <td>{([1, 2, 3, 4, 5] as const).map((rating) => `${rating}: ${row.feedback.byRating[rating]}`).join(' · ')}</td>
                  <td className="number">{row.calls.reached}</td>
                  <td className="number">{row.calls.notReached}</td>
                  <td className="number">{row.calls.pending}</td>
                  <td className="number">{formatTenths(row.calls.averageTenths)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
};

const HandlingTimes = () => {
  const [month, setMonth] = useState(() => billingMonthOf(new Date()));
  const view = useHostQuery('review.handling', { month }, { refreshOn: ['tickets.changed'] });
  const rows: HandlingSummary['rows'] = view.data?.rows ?? [];
  const share = (count: number, total: number) => (total === 0 ? '—' : `${count} su ${total} (${Math.round((count * 100) / total)}%)`);
  return (
    <section className="card" aria-labelledby="handling-title">
      <header className="panel-header">
        <h3 id="handling-title">Tempi di gestione</h3>
        <label className="field">
          <span className="field-label">Mese dei ticket chiusi</span>
          <input type="month" value={month} required onChange={(event) => event.target.value && setMonth(event.target.value)} />
        </label>
      </header>
      <p className="muted">Presa in carico e risoluzione in ore di assistenza, per priorità. Gli obiettivi si cambiano nel calendario.</p>
      {view.error ? <Notice tone="error">{view.error}</Notice> : null}
      {rows.length > 0 ? (
        <table aria-label="Tempi di gestione per priorità">
          <thead>
            <tr>
              <th>Priorità</th>
              <th className="number">Chiusi</th>
              <th className="number">Presa in carico media</th>
              <th>Entro l’obiettivo</th>
              <th className="number">Risoluzione media</th>
              <th>Entro l’obiettivo</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.priority}>
                <th scope="row">{priorityLabels[row.priority]}</th>
                <td className="number">{row.closed}</td>
                <td className="number">{row.averageTakeMinutes === null ? '—' : formatMinutes(row.averageTakeMinutes)}</td>
                <td>
                  {share(row.takenWithinTarget, row.closed)} <span className="muted">· obiettivo {formatMinutes(row.takeTargetMinutes)}</span>
                </td>
                <td className="number">{row.averageResolveMinutes === null ? '—' : formatMinutes(row.averageResolveMinutes)}</td>
                <td>
                  {share(row.resolvedWithinTarget, row.closed)} <span className="muted">· obiettivo {formatMinutes(row.resolveTargetMinutes)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};
