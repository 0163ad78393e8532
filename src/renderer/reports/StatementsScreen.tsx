import { useState } from 'react';
import { billingMonthOf, previousBillingMonth } from '../../shared/domain/index.ts';
import { formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { billingMonthLabel, type MonthStatements } from '../../shared/reports/statement.ts';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { saveFile } from './save-file.ts';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

/**
 * «Rendiconti»: the month's work «a consuntivo» per customer, computed by the central API from its
 * billing entries, with the CSV for the accounting system and each customer's PDF.
 */
export const StatementsScreen = () => {
  // The month usually wanted at the start of a month: the one just closed.
  const [month, setMonth] = useState(() => previousBillingMonth(billingMonthOf(new Date())));
  const statements = useHostQuery('reports.statements', { month });
  // A failed month shows no figures of another month.
  const view: MonthStatements | null = statements.fresh ? statements.data : null;
  const { loading } = statements;
  const file = useHostAction('reports.statementFile');
  const error = file.error ?? statements.error;

  const download = async (customerCode?: string) => {
    const result = await file.run({ month, ...(customerCode ? { customerCode } : {}) });
    if (result.ok) saveFile(result.value);
  };

  const totals = view?.statements.reduce((sum, statement) => sum + statement.totals.grossCents, 0) ?? 0;
  return (
    <main className="lead-screen" aria-labelledby="statements-title">
      <header className="panel-header">
        <h2 id="statements-title">Rendiconti a consuntivo</h2>
        <label className="field">
          <span className="field-label">Mese</span>
          <input type="month" value={month} required onChange={(event) => event.target.value && setMonth(event.target.value)} />
        </label>
        <button type="button" className="primary" disabled={!view || view.statements.length === 0} onClick={() => void download()}>
          Scarica CSV del mese
        </button>
      </header>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {loading && !view ? <p className="muted">Caricamento del rendiconto…</p> : null}
      {view ? (
        <section aria-label={`Rendiconto di ${billingMonthLabel(view.month)}`}>
          <p>
            {billingMonthLabel(view.month)}{' '}
            {view.closed ? <Badge tone="neutral">mese chiuso: importi definitivi</Badge> : <Badge tone="warning">mese in corso: provvisorio</Badge>}
          </p>
          {view.statements.length === 0 ? (
            <p className="muted">Nessun intervento a consuntivo né ore utilizzate dal monte ore in questo mese.</p>
          ) : (
            <table aria-label="Clienti del rendiconto">
              <thead>
                <tr>
                  <th>Cliente</th>
                  <th className="number">Righe</th>
                  <th className="number">A consuntivo</th>
                  <th className="number">Imponibile</th>
                  <th className="number">IVA</th>
                  <th className="number">Totale</th>
                  <th>Ore dal monte ore</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {view.statements.map((statement) => {
                  const packageMinutes = statement.draws.packages.reduce((sum, item) => sum + item.minutes, 0);
                  const adjustments = statement.lines.filter((line) => line.adjustment).length;
                  return (
                    <tr key={statement.customer.id}>
                      <td>
                        {statement.customer.name} <span className="muted">({statement.customer.code})</span>
                      </td>
                      <td className="number">
                        {statement.lines.length}
                        {adjustments > 0 ? <div className="muted">{adjustments === 1 ? '1 rettifica' : `${adjustments} rettifiche`}</div> : null}
                      </td>
                      <td className="number">{formatMinutes(statement.totals.invoicedMinutes)}</td>
                      <td className="number">{formatEuroCents(statement.totals.netCents)}</td>
                      <td className="number">{formatEuroCents(statement.totals.vatCents)}</td>
                      <td className="number">{formatEuroCents(statement.totals.grossCents)}</td>
                      <td>
                        gratuite {formatMinutes(statement.draws.freeMinutes)}
                        {packageMinutes !== 0 ? `, pacchetti ${formatMinutes(packageMinutes)}` : ''}
                      </td>
                      <td>
                        <button type="button" aria-label={`Scarica il PDF di ${statement.customer.name}`} onClick={() => void download(statement.customer.code)}>
                          PDF
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={5}>
                    Totale del mese
                  </th>
                  <td className="number">{formatEuroCents(totals)}</td>
                  <td colSpan={2} />
                </tr>
              </tfoot>
            </table>
          )}
        </section>
      ) : null}
    </main>
  );
};
