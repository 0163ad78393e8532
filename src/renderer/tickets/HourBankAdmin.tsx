import { useState, type FormEvent } from 'react';
import { addDays, romeDay } from '../../shared/domain/index.ts';
import { formatDay, formatMinutes } from '../../shared/format.ts';
import type { HourBankView } from '../../shared/model/billing.schema.ts';
import { newId } from '../../shared/ids.ts';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { executeCommand } from '../host/execute-command.ts';

type Message = { tone: 'info' | 'error'; text: string };
type Action = 'grant' | 'package' | 'adjust';

/** Hours typed by a person ("1,5") as whole minutes; null when it is not a number. */
const minutesOf = (hours: string): number | null => {
  const value = Number(hours.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 60) : null;
};

/**
 * The team lead's administration of a customer's hour bank: free hours granted, a package sold
 * (hours, hourly rate, purchase day, expiry), a pot corrected with a reason. Commands like any
 * other: shown at once, sent to the API, which keeps the ledger and the audit trail.
 */
export const HourBankAdmin = ({ customerId, hourBank, onChanged }: { customerId: string; hourBank: HourBankView; onChanged: () => void }) => {
  const [action, setAction] = useState<Action | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const done = (text: string) => {
    setAction(null);
    setMessage({ tone: 'info', text });
    onChanged();
  };
  return (
    <div className="hour-bank-admin">
      <div className="actions" role="group" aria-label="Gestione del monte ore">
        <button type="button" aria-pressed={action === 'grant'} onClick={() => setAction('grant')}>
          Concedi ore gratuite
        </button>
        <button type="button" aria-pressed={action === 'package'} onClick={() => setAction('package')}>
          Registra pacchetto
        </button>
        <button type="button" aria-pressed={action === 'adjust'} onClick={() => setAction('adjust')}>
          Rettifica
        </button>
      </div>
      {action === 'grant' ? <GrantForm customerId={customerId} onDone={done} onError={(text) => setMessage({ tone: 'error', text })} /> : null}
      {action === 'package' ? <PackageForm customerId={customerId} onDone={done} onError={(text) => setMessage({ tone: 'error', text })} /> : null}
      {action === 'adjust' ? <AdjustForm customerId={customerId} hourBank={hourBank} onDone={done} onError={(text) => setMessage({ tone: 'error', text })} /> : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <AuditTrail record={{ entity: 'customer', id: customerId }} />
    </div>
  );
};

type FormProps = { onDone: (text: string) => void; onError: (text: string) => void };

const GrantForm = ({ customerId, onDone, onError }: FormProps & { customerId: string }) => {
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = minutesOf(hours);
    if (minutes === null || minutes <= 0) return onError('Indica quante ore concedere.');
    const error = await executeCommand('hourBank.grant', { customerId, minutes, reason: reason.trim() });
    if (error) return onError(error);
    onDone(`Concesse ${formatMinutes(minutes)} di ore gratuite.`);
  };
  return (
    <form aria-label="Concedi ore gratuite" className="assignment-form" onSubmit={(event) => void submit(event)}>
      <TextField label="Ore" value={hours} onChange={setHours} required inputMode="decimal" />
      <TextField label="Motivo" value={reason} onChange={setReason} required maxLength={500} />
      <div className="actions">
        <button type="submit" className="primary">
          Concedi
        </button>
      </div>
    </form>
  );
};

const PackageForm = ({ customerId, onDone, onError }: FormProps & { customerId: string }) => {
  const today = romeDay(new Date());
  const [hours, setHours] = useState('10');
  const [rate, setRate] = useState('70');
  const [purchasedOn, setPurchasedOn] = useState(today);
  // A year of validity by default; the last valid day is shown, the first invalid one is sent.
  const [lastDay, setLastDay] = useState(addDays(addDays(today, 365), -1));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = minutesOf(hours);
    const euros = Number(rate.replace(',', '.'));
    const rateCents = Number.isFinite(euros) ? Math.round(euros * 100) : null;
    if (minutes === null || minutes < 30) return onError('Un pacchetto ha almeno mezz’ora.');
    if (rateCents === null || rateCents < 0) return onError('Indica la tariffa oraria in euro.');
    const error = await executeCommand('hourBank.registerPackage', {
      id: newId(),
      customerId,
      minutes,
      rateCents,
      purchasedOn,
      expiresOn: lastDay === '' ? null : addDays(lastDay, 1),
    });
    if (error) return onError(error);
    onDone(`Pacchetto di ${formatMinutes(minutes)} registrato${lastDay ? `, valido fino al ${formatDay(lastDay)}` : ''}.`);
  };
  return (
    <form aria-label="Registra pacchetto" className="assignment-form" onSubmit={(event) => void submit(event)}>
      <TextField label="Ore del pacchetto" value={hours} onChange={setHours} required inputMode="decimal" />
      <TextField label="Tariffa oraria (€)" value={rate} onChange={setRate} required inputMode="decimal" />
      <label className="field">
        <span className="field-label">Acquistato il</span>
        <input type="date" value={purchasedOn} required onChange={(event) => setPurchasedOn(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Valido fino al (vuoto: senza scadenza)</span>
        <input type="date" value={lastDay} onChange={(event) => setLastDay(event.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          Registra
        </button>
      </div>
    </form>
  );
};

const AdjustForm = ({ customerId, hourBank, onDone, onError }: FormProps & { customerId: string; hourBank: HourBankView }) => {
  const [pot, setPot] = useState('free');
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = minutesOf(hours);
    if (minutes === null || minutes === 0) return onError('Indica di quante ore correggere (negativo per togliere).');
    const error = await executeCommand('hourBank.adjust', {
      customerId,
      packageId: pot === 'free' ? null : pot,
      minutes,
      reason: reason.trim(),
    });
    if (error) return onError(error);
    onDone(`Rettifica di ${minutes > 0 ? '+' : '−'}${formatMinutes(Math.abs(minutes))} registrata.`);
  };
  return (
    <form aria-label="Rettifica del monte ore" className="assignment-form" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">Voce</span>
        <select value={pot} onChange={(event) => setPot(event.target.value)}>
          <option value="free">Ore gratuite</option>
          {hourBank.packages.map((item) => (
            <option key={item.id} value={item.id}>
              Pacchetto del {formatDay(item.purchasedOn)}
            </option>
          ))}
        </select>
      </label>
      <TextField label="Ore (negativo per togliere)" value={hours} onChange={setHours} required inputMode="decimal" />
      <TextField label="Motivo" value={reason} onChange={setReason} required maxLength={500} />
      <div className="actions">
        <button type="submit" className="primary">
          Registra la rettifica
        </button>
      </div>
    </form>
  );
};
