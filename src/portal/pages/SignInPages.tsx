import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { minimumPasswordLength, passwordHint, passwordProblem } from '../../shared/password-rule.ts';
import { Notice } from '../../ui/Notice.tsx';
import { PortalError, portalCall } from '../portal-client.ts';
import { usePortalSession } from '../portal.store.ts';

export const LoginPage = () => {
  const login = usePortalSession((state) => state.login);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(await login(email, password));
    setBusy(false);
  };
  return (
    <main className="portal-narrow">
      <h1>Portale assistenza</h1>
      <p className="muted">Le sue richieste, le ore residue, i rendiconti e i pacchetti di ore.</p>
      <form aria-label="Accesso al portale" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">E-mail</span>
          <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <button type="submit" disabled={busy}>
          Accedi
        </button>
      </form>
    </main>
  );
};

/** The invite link's page: the contact chooses a password, then signs in. */
export const InvitePage = () => {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(problem);
    if (password !== repeat) return setError('Le due password non coincidono.');
    try {
      const { email } = await portalCall('POST', '/invite/accept', z.object({ email: z.string() }), { token, password });
      setDone(email);
      setError(null);
    } catch (failure) {
      setError(failure instanceof PortalError ? failure.message : 'Operazione non riuscita.');
    }
  };
  if (done)
    return (
      <main className="portal-narrow">
        <h1>Password impostata</h1>
        <p>Ora può accedere con {done} e la password scelta.</p>
        <button type="button" className="primary" onClick={() => void navigate('/')}>
          Vai all’accesso
        </button>
      </main>
    );
  return (
    <main className="portal-narrow">
      <h1>Benvenuto nel portale assistenza</h1>
      <form aria-label="Scelta della password" onSubmit={(event) => void submit(event)}>
        <p className="field-hint" id="password-rule">
          {passwordHint}
        </p>
        <label className="field">
          <span className="field-label">Nuova password</span>
          <input
            type="password"
            autoComplete="new-password"
            minLength={minimumPasswordLength}
            required
            aria-describedby="password-rule"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Ripeta la password</span>
          <input type="password" autoComplete="new-password" minLength={minimumPasswordLength} required value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        </label>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <button type="submit">Imposta la password</button>
      </form>
    </main>
  );
};
