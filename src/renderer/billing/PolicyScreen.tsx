import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addDays, policyOn, romeDay, type BillingPolicy } from '../../shared/domain/index.ts';
import { euroInputText, formatDateTime, formatDay, formatEuroCents, formatMinutes, parseEuroCents } from '../../shared/format.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Notice } from '../../ui/Notice.tsx';
import { usePolicyStore } from './policy.store.ts';
import { AuditTrail } from '../tickets/AuditTrail.tsx';
import { billingPolicyId } from '../../shared/sync/entities.ts';

type Message = { tone: 'info' | 'error'; text: string };

const describe = (policy: BillingPolicy) =>
  `${formatEuroCents(policy.hourlyRateCents)} + IVA ${policy.vatRateBasisPoints / 100}% all’ora · minimo ${formatMinutes(policy.minimumMinutes)}, poi frazioni di ${formatMinutes(policy.incrementMinutes)} · J-System: ${formatMinutes(policy.extendedIncludedMinutes)} inclusi per intervento · trasporto ${formatEuroCents(policy.transportFeeCents)} + IVA`;

/**
 * «Tariffe»: the billing policy as data. Every version starts on a day and prices the work of that
 * day onwards; past work keeps the version of its day. Leads read it; admins add a version.
 */
export const PolicyScreen = () => {
  const { versions, updatedAt, updatedByName } = usePolicyStore(useShallow((state) => ({ versions: state.versions, updatedAt: state.updatedAt, updatedByName: state.updatedByName })));
  const admin = useSyncStore((state) => state.status?.user?.role === 'admin');
  const today = romeDay(new Date());
  const current = policyOn(versions, today);
  const [message, setMessage] = useState<Message | null>(null);
  return (
    <main className="lead-screen" aria-labelledby="policy-title">
      <header className="panel-header">
        <h2 id="policy-title">Tariffe</h2>
      </header>
      <section className="card" aria-label="Tariffa in vigore">
        <h3>In vigore oggi</h3>
        <p>{describe(current)}</p>
        <p className="muted">
          {versions.length === 0 ? 'Tariffa predefinita: nessuna versione impostata.' : `Versione ${current.version}.`}
          {updatedAt ? ` Ultima modifica ${formatDateTime(updatedAt)}${updatedByName ? ` di ${updatedByName}` : ''}.` : ''}
        </p>
      </section>
      {versions.length > 0 ? (
        <section className="card" aria-labelledby="versions-title">
          <h3 id="versions-title">Versioni</h3>
          <table aria-label="Versioni della tariffa">
            <thead>
              <tr>
                <th>Dal</th>
                <th>Tariffa</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.effectiveFrom}>
                  <td>{formatDay(version.effectiveFrom)}</td>
                  <td>{describe(version.policy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <AuditTrail record={{ entity: 'billing_policy', id: billingPolicyId }} />
        </section>
      ) : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {admin ? <NewVersionForm base={current} firstDay={addDays(today, 1)} onMessage={setMessage} /> : <p className="muted">Solo un amministratore può impostare una nuova tariffa.</p>}
    </main>
  );
};


/** A new version from a future day, starting from the figures in force. */
const NewVersionForm = ({ base, firstDay, onMessage }: { base: BillingPolicy; firstDay: string; onMessage: (message: Message) => void }) => {
  const set = usePolicyStore((state) => state.set);
  const [effectiveFrom, setEffectiveFrom] = useState(firstDay);
  const [rate, setRate] = useState(euroInputText(base.hourlyRateCents));
  const [vat, setVat] = useState(String(base.vatRateBasisPoints / 100));
  const [minimum, setMinimum] = useState(String(base.minimumMinutes));
  const [increment, setIncrement] = useState(String(base.incrementMinutes));
  const [included, setIncluded] = useState(String(base.extendedIncludedMinutes));
  const [transport, setTransport] = useState(euroInputText(base.transportFeeCents));
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const hourlyRateCents = parseEuroCents(rate);
    const transportFeeCents = parseEuroCents(transport);
    const vatRateBasisPoints = Math.round(Number(vat.replace(',', '.')) * 100);
    const whole = [minimum, increment, included].map(Number);
    if (hourlyRateCents === null || transportFeeCents === null) return onMessage({ tone: 'error', text: 'Importi non validi: scrivi per esempio 80,00.' });
    if (!Number.isFinite(vatRateBasisPoints) || vatRateBasisPoints < 0 || vatRateBasisPoints > 10_000) return onMessage({ tone: 'error', text: 'IVA non valida: una percentuale tra 0 e 100.' });
    if (whole.some((value) => !Number.isInteger(value) || value < 0)) return onMessage({ tone: 'error', text: 'I minuti sono numeri interi.' });
    const [minimumMinutes, incrementMinutes, extendedIncludedMinutes] = whole as [number, number, number];
    const failure = await set({ effectiveFrom, hourlyRateCents, vatRateBasisPoints, minimumMinutes, incrementMinutes, extendedIncludedMinutes, transportFeeCents }, reason.trim());
    onMessage(failure ? { tone: 'error', text: failure } : { tone: 'info', text: `Nuova tariffa in vigore dal ${formatDay(effectiveFrom)}.` });
  };
  return (
    <form className="card form-grid" aria-label="Nuova tariffa" onSubmit={(event) => void submit(event)}>
      <h3>Nuova tariffa</h3>
      <p className="muted">Vale dal giorno indicato (domani al più presto): il lavoro già svolto resta con la tariffa del suo giorno e i rendiconti chiusi non cambiano.</p>
      <label className="field">
        <span className="field-label">In vigore dal</span>
        <input type="date" min={firstDay} value={effectiveFrom} required onChange={(event) => setEffectiveFrom(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Tariffa oraria (€, netto)</span>
        <input inputMode="decimal" value={rate} required onChange={(event) => setRate(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">IVA (%)</span>
        <input inputMode="decimal" value={vat} required onChange={(event) => setVat(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Minimo fatturato (minuti)</span>
        <input type="number" min={1} value={minimum} required onChange={(event) => setMinimum(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Frazione successiva (minuti)</span>
        <input type="number" min={1} value={increment} required onChange={(event) => setIncrement(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Minuti inclusi J-System per intervento</span>
        <input type="number" min={0} value={included} required onChange={(event) => setIncluded(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Trasporto, tariffa fissa (€, netto)</span>
        <input inputMode="decimal" value={transport} required onChange={(event) => setTransport(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Motivo</span>
        <input value={reason} required maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={reason.trim() === ''}>
          Imposta la nuova tariffa
        </button>
      </div>
    </form>
  );
};
