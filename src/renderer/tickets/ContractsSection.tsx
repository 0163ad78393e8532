import { useState, type FormEvent } from 'react';
import { contractValidOn, romeDay } from '../../shared/domain/index.ts';
import { formatDay } from '../../shared/format.ts';
import { newId } from '../../shared/ids.ts';
import { contractKindLabels, contractKinds, type ContractKind } from '../../shared/model/enums.ts';
import type { Contract } from '../../shared/model/ticket.schema.ts';
import { executeCommand } from '../host/execute-command.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';

/**
 * A customer's assistance contracts: every classification depends on them. Leads record a new one,
 * or end one, with a reason; the API audits it and prices the customer's open work again.
 */
export const ContractsSection = ({ customerId, contracts, lead, onChanged }: { customerId: string; contracts: Contract[]; lead: boolean; onChanged: () => void }) => {
  const today = romeDay(new Date());
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const done = (refused: string | null, text: string) => {
    setMessage(refused ? { tone: 'error', text: refused } : { tone: 'info', text });
    if (!refused) onChanged();
  };
  return (
    <section aria-label="Contratti">
      <h4>Contratti</h4>
      {contracts.length === 0 ? (
        <p className="muted">Nessun contratto di assistenza: sono a pagamento gli interventi che non riguardano guasti o disservizi del fornitore.</p>
      ) : (
        <ul className="plain-list">
          {contracts.map((contract) => {
            const valid = contractValidOn(contract, today);
            return (
              <li key={contract.id}>
                {contractKindLabels[contract.kind]}: dal {formatDay(contract.validFrom)}
                {contract.validTo ? ` al ${formatDay(contract.validTo)}` : ', senza scadenza'}{' '}
                <Badge tone={valid ? 'success' : 'neutral'}>{valid ? 'valido' : 'non valido oggi'}</Badge>
                {contract.notes ? <span className="muted"> · {contract.notes}</span> : null}{' '}
                {lead && (contract.validTo === null || contract.validTo >= today) ? (
                  <EndContract contract={contract} customerId={customerId} onDone={done} />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {lead ? <AddContract customerId={customerId} today={today} onDone={done} /> : null}
    </section>
  );
};

const EndContract = ({ contract, customerId, onDone }: { contract: Contract; customerId: string; onDone: (refused: string | null, text: string) => void }) => {
  const [open, setOpen] = useState(false);
  const [lastDay, setLastDay] = useState(() => romeDay(new Date()));
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <button type="button" className="link-button" aria-label={`Termina il contratto ${contractKindLabels[contract.kind]} dal ${formatDay(contract.validFrom)}`} onClick={() => setOpen(true)}>
        termina
      </button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onDone(await executeCommand('contract.end', { contractId: contract.id, customerId, lastDay, reason: reason.trim() }), `Contratto terminato il ${formatDay(lastDay)}.`);
    setOpen(false);
  };
  return (
    <form className="actions" aria-label="Termina il contratto" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">Ultimo giorno coperto</span>
        <input type="date" value={lastDay} required onChange={(event) => setLastDay(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Motivo</span>
        <input value={reason} required maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      <button type="submit" disabled={reason.trim() === ''}>
        Conferma la fine
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Annulla
      </button>
    </form>
  );
};

const AddContract = ({ customerId, today, onDone }: { customerId: string; today: string; onDone: (refused: string | null, text: string) => void }) => {
  const [kind, setKind] = useState<ContractKind>('standard');
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const [notes, setNotes] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = await executeCommand('contract.add', {
      id: newId(),
      customerId,
      kind,
      validFrom,
      validTo: validTo === '' ? null : validTo,
      notes: notes.trim() === '' ? null : notes.trim(),
      reason: reason.trim(),
    });
    onDone(refused, `${contractKindLabels[kind]} registrata dal ${formatDay(validFrom)}.`);
    if (!refused) {
      setNotes('');
      setReason('');
    }
  };
  return (
    <details>
      <summary>Aggiungi contratto</summary>
      <form className="form-grid" aria-label="Nuovo contratto" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">Tipo</span>
          <select value={kind} onChange={(event) => setKind(contractKinds.find((value) => value === event.target.value) ?? kind)}>
            {contractKinds.map((value) => (
              <option key={value} value={value}>
                {contractKindLabels[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Valido dal</span>
          <input type="date" value={validFrom} required onChange={(event) => setValidFrom(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Valido fino al (vuoto: senza scadenza)</span>
          <input type="date" value={validTo} onChange={(event) => setValidTo(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Note</span>
          <input value={notes} maxLength={1000} onChange={(event) => setNotes(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Motivo</span>
          <input value={reason} required maxLength={500} onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={reason.trim() === ''}>
            Registra contratto
          </button>
        </div>
      </form>
    </details>
  );
};
