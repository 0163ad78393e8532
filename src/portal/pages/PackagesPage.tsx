import { useCallback, useState } from 'react';
import { z } from 'zod';
import { formatDateTime, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { packageOrderSchema, portalOffersSchema, type PackageOffer } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PortalError, portalCall } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';

const orderStatusLabels = { pending: 'in attesa di pagamento', confirmed: 'attivo', cancelled: 'annullato' } as const;

/** The team's price list; an order waits for the payment, then the package is active and drawn in expiry order. */
export const PackagesPage = () => {
  const offers = useLoad(useCallback(() => portalCall('GET', '/offers', portalOffersSchema), []));
  const orders = useLoad(useCallback(() => portalCall('GET', '/orders', z.object({ orders: z.array(packageOrderSchema) })), []));
  const [choosing, setChoosing] = useState<PackageOffer | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const buy = async (offer: PackageOffer) => {
    try {
      await portalCall('POST', '/orders', packageOrderSchema, { offerId: offer.id });
      setMessage({ tone: 'info', text: `Ordine registrato: «${offer.name}» sarà attivo appena registrato il pagamento.` });
      orders.reload();
    } catch (failure) {
      setMessage({ tone: 'error', text: failure instanceof PortalError ? failure.message : 'Ordine non riuscito.' });
    }
    setChoosing(null);
  };
  return (
    <section aria-labelledby="packages-title">
      <h2 id="packages-title">Pacchetti di ore</h2>
      {offers.error ? <Notice tone="error">{offers.error}</Notice> : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {offers.data && offers.data.offers.length === 0 ? <p className="muted">Nessun pacchetto in listino al momento.</p> : null}
      {offers.data ? (
        <p>
          {offers.data.averageMonthlyMinutes > 0
            ? `Negli ultimi 6 mesi ha usato in media ${formatMinutes(offers.data.averageMonthlyMinutes)} di assistenza a valore aggiunto al mese.`
            : 'Negli ultimi 6 mesi non ha usato assistenza a valore aggiunto.'}
        </p>
      ) : null}
      <ul className="portal-cards" aria-label="Listino">
        {offers.data?.offers.map((offer) => (
          <li key={offer.id} className="card">
            <h3>{offer.name}</h3>
            {offers.data?.fittingOfferId === offer.id ? <Badge tone="success">Adatto ai suoi consumi</Badge> : null}
            <p className="portal-figure">{formatMinutes(offer.minutes)}</p>
            <p>
              {formatEuroCents(offer.rateCents)} all’ora · {formatEuroCents(offer.netCents)} + IVA = <strong>{formatEuroCents(offer.grossCents)}</strong>
            </p>
            <p className="muted">Valido {offer.validityMonths} mesi dall’attivazione.</p>
            {choosing?.id === offer.id ? (
              <div className="actions">
                <button type="button" className="primary" onClick={() => void buy(offer)}>
                  Conferma l’ordine di {formatEuroCents(offer.grossCents)}
                </button>
                <button type="button" onClick={() => setChoosing(null)}>
                  Annulla
                </button>
              </div>
            ) : (
              <button type="button" aria-label={`Acquista ${offer.name}`} onClick={() => setChoosing(offer)}>
                Acquista
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>I suoi ordini</h3>
      {orders.data && orders.data.orders.length === 0 ? <p className="muted">Nessun ordine.</p> : null}
      <ul className="plain-list" aria-label="Ordini">
        {orders.data?.orders.map((order) => (
          <li key={order.id}>
            {order.offerName} · {formatEuroCents(order.grossCents)} · {formatDateTime(order.createdAt)}{' '}
            <Badge tone={order.status === 'confirmed' ? 'success' : order.status === 'pending' ? 'warning' : 'neutral'}>{orderStatusLabels[order.status]}</Badge>
          </li>
        ))}
      </ul>
    </section>
  );
};
