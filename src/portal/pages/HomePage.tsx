import { useCallback } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { billingMonthOf, previousBillingMonth } from '../../shared/domain/index.ts';
import { formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { portalHoursSchema, portalTicketListSchema } from '../../shared/portal-api/portal-api.ts';
import { billingMonthLabel, customerStatementSchema } from '../../shared/reports/statement.ts';
import { Notice } from '../../ui/Notice.tsx';
import { portalCall } from '../portal-client.ts';
import { usePortalSession } from '../portal.store.ts';
import { useLoad } from '../use-load.ts';
import { HourPots } from './HoursPage.tsx';
import { RequestRow } from './TicketsPage.tsx';

const openRequestsShown = 5;

/** What the customer comes for, on one page: open requests with their last answer, the hours left, last month's statement. */
export const HomePage = () => {
  const lastMonth = previousBillingMonth(billingMonthOf(new Date()));
  const manager = usePortalSession((state) => state.session?.accountManager ?? null);
  const requests = useLoad(useCallback(() => portalCall('GET', '/tickets?stato=aperte', portalTicketListSchema), []));
  const hours = useLoad(useCallback(() => portalCall('GET', '/hours', portalHoursSchema), []));
  const statement = useLoad(useCallback(() => portalCall('GET', `/statements/${lastMonth}`, z.object({ month: z.string(), closed: z.boolean(), statement: customerStatementSchema })), [lastMonth]));
  return (
    <>
      <section aria-labelledby="home-requests-title">
        <div className="portal-section-header">
          <h2 id="home-requests-title">Richieste aperte</h2>
          <Link className="button-link" to="/nuova">
            Nuova richiesta
          </Link>
        </div>
        {requests.error ? <Notice tone="error">{requests.error}</Notice> : null}
        {requests.data && requests.data.total === 0 ? <p className="muted">Nessuna richiesta aperta.</p> : null}
        <ul className="plain-list" aria-label="Richieste aperte">
          {requests.data?.tickets.slice(0, openRequestsShown).map((ticket) => (
            <RequestRow key={ticket.id} ticket={ticket} />
          ))}
        </ul>
        {requests.data && requests.data.total > openRequestsShown ? <Link to="/richieste?stato=aperte">Tutte le {requests.data.total} richieste aperte</Link> : null}
      </section>
      <section aria-labelledby="home-hours-title">
        <h2 id="home-hours-title">Ore residue</h2>
        {hours.error ? <Notice tone="error">{hours.error}</Notice> : null}
        {hours.data ? <HourPots hours={hours.data} /> : null}
        <Link to="/ore">Quando le ore finiscono: la sua preferenza</Link>
      </section>
      {manager ? (
        <section aria-labelledby="home-manager-title">
          <h2 id="home-manager-title">Il suo account di riferimento</h2>
          <p>
            {manager.name} · <a href={`mailto:${manager.email}`}>{manager.email}</a>
          </p>
          <p className="muted">Per un pacchetto di ore su misura o per qualsiasi dubbio sul servizio.</p>
        </section>
      ) : null}
      <section aria-labelledby="home-statement-title">
        <h2 id="home-statement-title">Rendiconto di {billingMonthLabel(lastMonth)}</h2>
        {statement.error ? <Notice tone="error">{statement.error}</Notice> : null}
        {statement.data ? (
          <p>
            A consuntivo: {formatMinutes(statement.data.statement.totals.invoicedMinutes)}, <strong>{formatEuroCents(statement.data.statement.totals.grossCents)}</strong> IVA inclusa · ore gratuite
            usate {formatMinutes(statement.data.statement.draws.freeMinutes)} · ore dei pacchetti{' '}
            {formatMinutes(statement.data.statement.draws.packages.reduce((sum, item) => sum + item.minutes, 0))}
          </p>
        ) : null}
        <Link to="/rendiconti">Tutti i rendiconti</Link>
      </section>
    </>
  );
};
