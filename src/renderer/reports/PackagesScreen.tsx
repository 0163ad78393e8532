import { useState, type FormEvent } from 'react';
import { formatDateTime, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { newId } from '../../shared/ids.ts';
import type { HostResponse } from '../../shared/host-api/contract.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

type Offer = HostResponse<'portal.offers'>['offers'][number];
type Order = HostResponse<'portal.orders'>['orders'][number];
type Message = { tone: 'info' | 'error'; text: string };

/** Each customer's billed hours per month over the last six months and the offer that covers them: whom to propose which package. */
const ConsumptionTable = () => {
  const consumption = useHostQuery('portal.consumption', {});
  return (
    <section aria-labelledby="consumption-title">
      <h3 id="consumption-title">Consumo medio dei clienti</h3>
      <p className="muted">Ore a valore aggiunto fatturate al mese, media degli ultimi 6 mesi, e il pacchetto che le copre per tutta la sua validità.</p>
      {consumption.error ? <Notice tone="error">{consumption.error}</Notice> : null}
      {consumption.data && consumption.data.customers.length === 0 ? <p className="muted">Nessun cliente con ore fatturate negli ultimi 6 mesi.</p> : null}
      {consumption.data && consumption.data.customers.length > 0 ? (
        <table aria-label="Consumo medio per cliente">
          <thead>
            <tr>
              <th>Cliente</th>
              <th className="number">Media al mese</th>
              <th>Pacchetto adatto</th>
            </tr>
          </thead>
          <tbody>
            {consumption.data.customers.map((customer) => (
              <tr key={customer.customerId}>
                <td>
                  {customer.name} <span className="muted">{customer.code}</span>
                </td>
                <td className="number">{formatMinutes(customer.averageMonthlyMinutes)}</td>
                <td>{customer.fittingOfferName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};

/**
 * «Pacchetti»: the price list customers buy from in the portal, and their orders waiting for the
 * payment. Confirming one registers the package for the customer (ledger, audit, every console).
 */
export const PackagesScreen = () => {
  const offerList = useHostQuery('portal.offers', {});
  const orderList = useHostQuery('portal.orders', {});
  const offers: Offer[] | null = offerList.data?.offers ?? null;
  const orders: Order[] | null = orderList.data?.orders ?? null;
  const confirmOrder = useHostAction('portal.confirmOrder');
  const cancelOrder = useHostAction('portal.cancelOrder');
  const setOffer = useHostAction('portal.setOffer');
  const [message, setMessage] = useState<Message | null>(null);
  const loadFailure = offerList.error ?? orderList.error;
  const load = () => {
    offerList.reload();
    orderList.reload();
  };

  const decide = async (order: Order, decision: 'confirm' | 'cancel') => {
    const result = await (decision === 'confirm' ? confirmOrder : cancelOrder).run({ id: order.id });
    setMessage(
      result.ok
        ? { tone: 'info', text: decision === 'confirm' ? `Pagamento registrato: ${order.offerName} attivo per ${order.customerName}.` : `Ordine di ${order.customerName} annullato.` }
        : { tone: 'error', text: result.error.message },
    );
    load();
  };
  const toggle = async (offer: Offer) => {
    const result = await setOffer.run({ id: offer.id, name: offer.name, minutes: offer.minutes, rateCents: offer.rateCents, validityMonths: offer.validityMonths, active: !offer.active });
    if (!result.ok) setMessage({ tone: 'error', text: result.error.message });
    load();
  };

  return (
    <main className="lead-screen" aria-labelledby="packages-title">
      <header className="panel-header">
        <h2 id="packages-title">Pacchetti e ordini</h2>
      </header>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {loadFailure ? <Notice tone="error">{loadFailure}</Notice> : null}
      <section aria-labelledby="orders-title">
        <h3 id="orders-title">Ordini in attesa di pagamento</h3>
        {orders && orders.length === 0 ? <p className="muted">Nessun ordine in attesa.</p> : null}
        {orders && orders.length > 0 ? (
          <table aria-label="Ordini in attesa">
            <thead>
              <tr>
                <th>Cliente</th>
                <th>Pacchetto</th>
                <th className="number">Totale</th>
                <th>Ordinato il</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td>
                    {order.customerName} <span className="muted">({order.customerCode})</span>
                  </td>
                  <td>
                    {order.offerName} · {formatMinutes(order.minutes)}
                  </td>
                  <td className="number">{formatEuroCents(order.grossCents)}</td>
                  <td>{formatDateTime(order.createdAt)}</td>
                  <td>
                    <button type="button" className="primary" aria-label={`Registra il pagamento di ${order.customerName}`} onClick={() => void decide(order, 'confirm')}>
                      Pagamento ricevuto
                    </button>{' '}
                    <button type="button" aria-label={`Annulla l’ordine di ${order.customerName}`} onClick={() => void decide(order, 'cancel')}>
                      Annulla
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="offers-title">
        <h3 id="offers-title">Listino</h3>
        {offers && offers.length > 0 ? (
          <table aria-label="Listino dei pacchetti">
            <thead>
              <tr>
                <th>Pacchetto</th>
                <th className="number">Ore</th>
                <th className="number">Tariffa</th>
                <th className="number">Totale IVA inclusa</th>
                <th>Validità</th>
                <th>Stato</th>
              </tr>
            </thead>
            <tbody>
              {offers.map((offer) => (
                <tr key={offer.id}>
                  <td>{offer.name}</td>
                  <td className="number">{formatMinutes(offer.minutes)}</td>
                  <td className="number">{formatEuroCents(offer.rateCents)}/h</td>
                  <td className="number">{formatEuroCents(offer.grossCents)}</td>
                  <td>{offer.validityMonths} mesi</td>
                  <td>
                    {offer.active ? <Badge tone="success">in vendita</Badge> : <Badge tone="neutral">ritirato</Badge>}{' '}
                    <button type="button" onClick={() => void toggle(offer)}>
                      {offer.active ? 'Ritira' : 'Rimetti in vendita'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Il listino è vuoto: i clienti non possono ancora acquistare pacchetti dal portale.</p>
        )}
        <OfferForm
          onSaved={(text) => {
            setMessage({ tone: 'info', text });
            void load();
          }}
          onError={(text) => setMessage({ tone: 'error', text })}
        />
      </section>
      <ConsumptionTable />
    </main>
  );
};

const OfferForm = ({ onSaved, onError }: { onSaved: (text: string) => void; onError: (text: string) => void }) => {
  const [name, setName] = useState('');
  const [hours, setHours] = useState('10');
  const [rate, setRate] = useState('70');
  const [months, setMonths] = useState('12');
  const setOffer = useHostAction('portal.setOffer');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = Math.round(Number(hours.replace(',', '.')) * 60);
    const rateCents = Math.round(Number(rate.replace(',', '.')) * 100);
    const validityMonths = Number(months);
    if (!Number.isFinite(minutes) || minutes < 60) return onError('Un pacchetto in listino ha almeno un’ora.');
    if (!Number.isFinite(rateCents) || rateCents <= 0) return onError('Indica la tariffa oraria in euro.');
    if (!Number.isInteger(validityMonths) || validityMonths < 1 || validityMonths > 60) return onError('La validità va da 1 a 60 mesi.');
    const result = await setOffer.run({ id: newId(), name: name.trim(), minutes, rateCents, validityMonths, active: true });
    if (!result.ok) return onError(result.error.message);
    setName('');
    onSaved(`«${name.trim()}» aggiunto al listino.`);
  };
  return (
    <form aria-label="Nuovo pacchetto in listino" className="assignment-form" onSubmit={(event) => void submit(event)}>
      <TextField label="Nome" value={name} onChange={setName} required maxLength={80} />
      <TextField label="Ore" value={hours} onChange={setHours} required inputMode="decimal" />
      <TextField label="Tariffa oraria (€)" value={rate} onChange={setRate} required inputMode="decimal" />
      <TextField label="Validità (mesi)" value={months} onChange={setMonths} required inputMode="numeric" />
      <div className="actions">
        <button type="submit">Aggiungi al listino</button>
      </div>
    </form>
  );
};
