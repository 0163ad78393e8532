import { useState, type FormEvent } from 'react';
import {
  roleLabels,
  staffAccountStatusLabels,
  type StaffAccount,
} from '../../shared/accounts/staff-accounts.ts';
import { formatDateTime } from '../../shared/format.ts';
import { roles, type Role } from '../../shared/sync/entities.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { AuditTrail } from '../tickets/AuditTrail.tsx';

type Message = { tone: 'info' | 'error'; text: string };
const statusTone = { invited: 'info', active: 'success', disabled: 'neutral' } as const;

/**
 * «Utenti», for admins: the desk's accounts. A new colleague receives a one-use link by mail to
 * choose a password; a role changes and an account is disabled with a reason (audited by the API);
 * a disabled colleague's sessions end at once and their console signs out at its next sync.
 */
export const UsersScreen = () => {
  const accounts = useHostQuery('admin.users', {});
  const me = useSyncStore((state) => state.status?.user?.id ?? null);
  const [message, setMessage] = useState<Message | null>(null);
  const done = (text: string) => {
    setMessage({ tone: 'info', text });
    accounts.reload();
  };
  return (
    <main className="lead-screen" aria-labelledby="users-title">
      <header className="panel-header">
        <h2 id="users-title">Utenti</h2>
      </header>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {accounts.error ? <Notice tone="error">{accounts.error}</Notice> : null}
      <NewUserForm onDone={done} />
      <section className="card" aria-labelledby="accounts-title">
        <h3 id="accounts-title">Account</h3>
        {accounts.data ? (
          <ul className="plain-list account-list" aria-label="Account del personale">
            {accounts.data.accounts.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                isMe={account.id === me}
                onDone={done}
                onError={(text) => setMessage({ tone: 'error', text })}
              />
            ))}
          </ul>
        ) : (
          <p className="muted">Caricamento…</p>
        )}
      </section>
    </main>
  );
};

const NewUserForm = ({ onDone }: { onDone: (text: string) => void }) => {
  const create = useHostAction('admin.createUser');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('technician');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ displayName: displayName.trim(), email: email.trim(), role });
    if (!result.ok) return;
    onDone(
      `${displayName.trim()} riceverà a ${email.trim()} un link per scegliere la password (valido 7 giorni).`,
    );
    setDisplayName('');
    setEmail('');
    setRole('technician');
  };
  return (
    <section className="card" aria-labelledby="new-user-title">
      <h3 id="new-user-title">Nuovo utente</h3>
      <form aria-label="Nuovo utente" className="choice-row" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">Nome e cognome</span>
          <input required value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">E-mail</span>
          <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Ruolo</span>
          <select
            value={role}
            onChange={(event) => setRole(roles.find((value) => value === event.target.value) ?? 'technician')}
          >
            {roles.map((value) => (
              <option key={value} value={value}>
                {roleLabels[value]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.pending}>
          Crea e invia il link
        </button>
      </form>
      {create.error ? <Notice tone="error">{create.error}</Notice> : null}
    </section>
  );
};

type Change = { kind: 'role'; role: Role } | { kind: 'disable' } | { kind: 'enable' };

const AccountRow = ({
  account,
  isMe,
  onDone,
  onError,
}: {
  account: StaffAccount;
  isMe: boolean;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}) => {
  const [change, setChange] = useState<Change | null>(null);
  const sendReset = useHostAction('admin.sendReset');
  const reset = async () => {
    const result = await sendReset.run({ id: account.id });
    if (result.ok) onDone(`Link per una nuova password inviato a ${account.email} (valido 60 minuti).`);
    else onError(result.error.message);
  };
  return (
    <li className="account-row" aria-label={`${account.displayName}, ${roleLabels[account.role]}`}>
      <div className="account-summary">
        <strong>{account.displayName}</strong> <span className="muted">{account.email}</span>{' '}
        <Badge tone="neutral">{roleLabels[account.role]}</Badge>{' '}
        <Badge tone={statusTone[account.status]}>{staffAccountStatusLabels[account.status]}</Badge>
        {isMe ? <span className="muted"> (tu)</span> : null}
        <p className="muted">
          {account.status === 'disabled' && account.disabledAt
            ? `Disattivato il ${formatDateTime(account.disabledAt)}. `
            : ''}
          {account.lastSignInAt ? `Ultimo accesso ${formatDateTime(account.lastSignInAt)}.` : 'Mai entrato.'}
        </p>
      </div>
      <div className="choice-row">
        <label className="field">
          <span className="field-label">Ruolo di {account.displayName}</span>
          <select
            value={change?.kind === 'role' ? change.role : account.role}
            onChange={(event) => {
              const role = roles.find((value) => value === event.target.value) ?? account.role;
              setChange(role === account.role ? null : { kind: 'role', role });
            }}
          >
            {roles.map((value) => (
              <option key={value} value={value}>
                {roleLabels[value]}
              </option>
            ))}
          </select>
        </label>
        {account.status === 'disabled' ? (
          <button type="button" onClick={() => setChange({ kind: 'enable' })}>
            Riattiva
          </button>
        ) : (
          <>
            {isMe ? null : (
              <button type="button" onClick={() => setChange({ kind: 'disable' })}>
                Disattiva
              </button>
            )}
            <button type="button" disabled={sendReset.pending} onClick={() => void reset()}>
              Invia link per la password
            </button>
          </>
        )}
      </div>
      {change ? (
        <ChangeForm
          account={account}
          change={change}
          onCancel={() => setChange(null)}
          onDone={(text) => {
            setChange(null);
            onDone(text);
          }}
        />
      ) : null}
      <AuditTrail record={{ entity: 'user', id: account.id }} />
    </li>
  );
};

const changeTitles = {
  role: 'Cambia il ruolo',
  disable: 'Disattiva l’account',
  enable: 'Riattiva l’account',
} as const;

/** Every change to an account says why (the API audits it). */
const ChangeForm = ({
  account,
  change,
  onCancel,
  onDone,
}: {
  account: StaffAccount;
  change: Change;
  onCancel: () => void;
  onDone: (text: string) => void;
}) => {
  const setRole = useHostAction('admin.setRole');
  const setDisabled = useHostAction('admin.setDisabled');
  const [reason, setReason] = useState('');
  const pending = setRole.pending || setDisabled.pending;
  const error = setRole.error ?? setDisabled.error;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const why = reason.trim();
    if (change.kind === 'role') {
      if ((await setRole.run({ id: account.id, role: change.role, reason: why })).ok)
        onDone(`${account.displayName} ora è ${roleLabels[change.role].toLowerCase()}.`);
      return;
    }
    const disabled = change.kind === 'disable';
    if ((await setDisabled.run({ id: account.id, disabled, reason: why })).ok)
      onDone(
        disabled
          ? `${account.displayName} è disattivato: le sue sessioni sono chiuse e la sua postazione esce dall’account alla prossima sincronizzazione.`
          : `${account.displayName} è di nuovo attivo: deve accedere di nuovo.`,
      );
  };
  return (
    <form
      className="actions"
      aria-label={`${changeTitles[change.kind]} di ${account.displayName}`}
      onSubmit={(event) => void submit(event)}
    >
      <label className="field">
        <span className="field-label">Motivo</span>
        <input required value={reason} onChange={(event) => setReason(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={pending || reason.trim() === ''}>
        {change.kind === 'role'
          ? `Conferma: ${roleLabels[change.role]}`
          : change.kind === 'disable'
            ? 'Conferma la disattivazione'
            : 'Conferma la riattivazione'}
      </button>
      <button type="button" onClick={onCancel}>
        Annulla
      </button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </form>
  );
};
