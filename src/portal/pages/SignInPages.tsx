import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { minimumPasswordLength, passwordHint, passwordProblem } from '../../shared/password-rule.ts';
import { Notice } from '../../ui/Notice.tsx';
import { PortalError, portalCall } from '../portal-client.ts';
import { usePortalSession } from '../portal.store.ts';
import {
  forgotPasswordResponseSchema,
  setPasswordResponseSchema,
} from '../../shared/accounts/staff-accounts.ts';

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
      <p>
        <Link to="/faq">Domande frequenti</Link> · <Link to="/cosa-e-incluso">Cosa è incluso nell’assistenza</Link>
      </p>
      <form aria-label="Accesso al portale" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">E-mail</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <button type="submit" disabled={busy}>
          Accedi
        </button>
      </form>
      <ForgotPassword email={email} />
    </main>
  );
};

/** The new password twice, checked with the one rule before it is sent. */
const NewPasswordForm = ({
  title,
  submitLabel,
  onSubmit,
}: {
  title: string;
  submitLabel: string;
  onSubmit: (password: string) => Promise<void>;
}) => {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(problem);
    if (password !== repeat) return setError('Le due password non coincidono.');
    try {
      await onSubmit(password);
      setError(null);
    } catch (failure) {
      setError(failure instanceof PortalError ? failure.message : 'Operazione non riuscita.');
    }
  };
  return (
    <form aria-label={title} onSubmit={(event) => void submit(event)}>
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
        <input
          type="password"
          autoComplete="new-password"
          minLength={minimumPasswordLength}
          required
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
      </label>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button type="submit">{submitLabel}</button>
    </form>
  );
};

/** The invite link's page: the contact chooses a password, then signs in. */
export const InvitePage = () => {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [done, setDone] = useState<string | null>(null);
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
      <NewPasswordForm
        title="Scelta della password"
        submitLabel="Imposta la password"
        onSubmit={async (password) =>
          setDone(
            (await portalCall('POST', '/invite/accept', z.object({ email: z.string() }), { token, password }))
              .email,
          )
        }
      />
    </main>
  );
};

/**
 * The page a password link opens (a forgotten password, a new colleague's welcome): for customers
 * and for the desk's staff alike, since the link says whose account it is.
 */
export const PasswordLinkPage = () => {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [done, setDone] = useState<z.infer<typeof setPasswordResponseSchema> | null>(null);
  if (done)
    return (
      <main className="portal-narrow">
        <h1>Password impostata</h1>
        {done.account === 'customer' ? (
          <>
            <p>Ora può accedere con {done.email} e la nuova password.</p>
            <button type="button" className="primary" onClick={() => void navigate('/')}>
              Vai all’accesso
            </button>
          </>
        ) : (
          <p>Ora accedi alla console Presidio con {done.email} e la nuova password.</p>
        )}
      </main>
    );
  return (
    <main className="portal-narrow">
      <h1>Scegli una nuova password</h1>
      <NewPasswordForm
        title="Nuova password"
        submitLabel="Salva la password"
        onSubmit={async (password) =>
          setDone(await portalCall('POST', '/password', setPasswordResponseSchema, { token, password }))
        }
      />
    </main>
  );
};

/** «Password dimenticata?» on the sign-in page: the same answer whether or not the address has an account. */
const ForgotPassword = ({ email }: { email: string }) => {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState(email);
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setAddress(email);
          setOpen(true);
        }}
      >
        Password dimenticata?
      </button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setAnswer(
        (
          await portalCall('POST', '/password/forgot', forgotPasswordResponseSchema, {
            email: address.trim(),
          })
        ).message,
      );
      setError(null);
    } catch (failure) {
      setError(failure instanceof PortalError ? failure.message : 'Operazione non riuscita.');
    }
  };
  return (
    <form aria-label="Password dimenticata" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">E-mail dell’account</span>
        <input type="email" required value={address} onChange={(event) => setAddress(event.target.value)} />
      </label>
      {answer ? <Notice tone="info">{answer}</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button type="submit">Invia il link</button>
    </form>
  );
};
