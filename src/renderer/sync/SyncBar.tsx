import { useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { readIdleMinutes, writeIdleMinutes } from '../timer/IdleWatcher.tsx';
import { useSyncStore } from './sync.store.ts';
import { clockOffsetWarning, commandLabel } from '../../shared/sync/command-labels.ts';
import { useShallow } from 'zustand/react/shallow';
import { UpdateSettings } from '../updates/UpdateStatus.tsx';
import { useHostAction } from '../host/use-host.ts';

const stateLabels = {
  signed_out: ['Non connesso', 'neutral'],
  offline: ['Offline', 'warning'],
  online: ['Online', 'success'],
  syncing: ['Sincronizzazione…', 'info'],
} as const satisfies Record<string, readonly [string, BadgeTone]>;

/** Always-visible sync state: online/offline, pending commands, last sync, refused commands. */
export const SyncBar = () => {
  const { status, rejected, quarantined, busy, error, init, syncNow, discard, retry, realign } = useSyncStore(
    useShallow((state) => ({
      status: state.status,
      rejected: state.rejected,
      quarantined: state.quarantined,
      busy: state.busy,
      error: state.error,
      init: state.init,
      syncNow: state.syncNow,
      discard: state.discard,
      retry: state.retry,
      realign: state.realign,
    })),
  );
  const [open, setOpen] = useState(false);
  useEffect(() => init(), [init]);
  if (!status) return null;
  const [label, tone] = stateLabels[status.state];
  const clockWarning = clockOffsetWarning(status.clockOffsetSeconds);
  return (
    <div className="sync-bar">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls="sync-panel"
        onClick={() => setOpen(!open)}
      >
        <Badge tone={tone}>{label}</Badge>
      </button>
      <span className="muted" aria-live="polite">
        {/* Signed out by the API (an account disabled): why, where the person looks first. */}
        {status.state === 'signed_out' && status.lastError ? status.lastError : status.pending > 0 ? `${status.pending} da inviare` : 'Tutto inviato'}
        {status.rejected > 0 ? ` · ${status.rejected} rifiutati` : ''}
        {status.quarantined > 0 ? ` · ${status.quarantined} non allineati` : ''}
      </span>
      {clockWarning ? (
        <span className="badge badge-warning" role="status" title={clockWarning}>
          Orologio non allineato
        </span>
      ) : null}
      {open ? (
        <section id="sync-panel" className="sync-panel panel" aria-label="Sincronizzazione">
          {status.state === 'signed_out' ? (
            <LoginForm initialUrl={status.serverUrl ?? 'http://127.0.0.1:5190'} />
          ) : (
            <>
              <p>
                {status.user ? `${status.user.displayName} · ` : ''}
                {status.serverUrl}
              </p>
              <p className="muted">
                Ultima sincronizzazione: {status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : 'mai'}
              </p>
              {status.lastError ? <Notice tone="error">{status.lastError}</Notice> : null}
              {clockWarning ? <Notice tone="info">{clockWarning}</Notice> : null}
              <IdleSetting />
              <div className="actions">
                <button type="button" onClick={() => void syncNow()} disabled={busy}>
                  Sincronizza ora
                </button>
                <LogoutButton />
              </div>
            </>
          )}
          {error ? <Notice tone="error">{error}</Notice> : null}
          {quarantined.length > 0 ? (
            <>
              <h3>Dati del server non allineati</h3>
              <p className="muted">
                Questa postazione non ha potuto registrare {quarantined.length} dati ricevuti dal server. Il
                resto è aggiornato; «Riallinea» ricarica tutto dal server senza perdere le attività non ancora
                inviate.
              </p>
              <ul className="plain-list">
                {quarantined.slice(0, 20).map((item) => (
                  <li key={`${item.entity}:${item.id}`}>
                    {item.entity} {item.id.slice(-8)}: {item.error}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => void realign()} disabled={busy}>
                Riallinea
              </button>
            </>
          ) : null}
          {rejected.length > 0 ? (
            <>
              <h3>Comandi rifiutati dal server</h3>
              <ul className="plain-list">
                {rejected.map((item) => (
                  <li key={item.mutationId}>
                    <strong>{commandLabel(item.name)}</strong> ({formatDateTime(item.issuedAt)}
                    ): {item.message}{' '}
                    <button type="button" onClick={() => void retry(item.mutationId)}>
                      Riprova
                    </button>{' '}
                    <button type="button" onClick={() => void discard(item.mutationId)}>
                      Scarta
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <UpdateSettings />
        </section>
      ) : null}
    </div>
  );
};

const IdleSetting = () => {
  const [minutes, setMinutes] = useState(readIdleMinutes());
  return (
    <label className="field">
      <span className="field-label">Chiedi del tempo di inattività dopo (minuti)</span>
      <input
        type="number"
        min={1}
        max={240}
        value={minutes}
        onChange={(event) => {
          const value = Math.min(240, Math.max(1, Math.round(Number(event.target.value) || 1)));
          setMinutes(value);
          writeIdleMinutes(value);
        }}
      />
    </label>
  );
};

const LogoutButton = () => {
  const { logout, busy } = useSyncStore(useShallow((state) => ({ logout: state.logout, busy: state.busy })));
  return (
    <button type="button" onClick={() => void logout()} disabled={busy}>
      Esci
    </button>
  );
};

const LoginForm = ({ initialUrl }: { initialUrl: string }) => {
  const { login, busy } = useSyncStore(useShallow((state) => ({ login: state.login, busy: state.busy })));
  const [serverUrl, setServerUrl] = useState(initialUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login(serverUrl, email, password).then((ok) => {
      if (ok) setPassword('');
    });
  };
  return (
    <form onSubmit={submit} aria-label="Accesso all’API centrale">
      <label className="field">
        <span className="field-label">Indirizzo dell’API centrale</span>
        <input type="url" required value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">E-mail</span>
        <input
          type="email"
          required
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">Password</span>
        <input
          type="password"
          required
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Accesso…' : 'Accedi'}
      </button>
      <ForgotPassword serverUrl={serverUrl} email={email} />
    </form>
  );
};

/**
 * «Password dimenticata?»: the API mails a link to choose a new one (valid 60 minutes). Its answer
 * is the same whether or not the address has an account, and so is what the console shows.
 */
const ForgotPassword = ({ serverUrl, email }: { serverUrl: string; email: string }) => {
  const request = useHostAction('sync.forgotPassword');
  const [answer, setAnswer] = useState<string | null>(null);
  const ask = async () => {
    setAnswer(null);
    if (!email.trim()) {
      request.setError('Scrivi prima il tuo indirizzo e-mail qui sopra.');
      return;
    }
    const result = await request.run({ serverUrl, email });
    if (result.ok) setAnswer(result.value.message);
  };
  return (
    <div className="forgot-password">
      <button
        type="button"
        className="link-button accent"
        disabled={request.pending}
        onClick={() => void ask()}
      >
        Password dimenticata?
      </button>
      {answer ? <Notice tone="info">{answer}</Notice> : null}
      {request.error ? <Notice tone="error">{request.error}</Notice> : null}
    </div>
  );
};
