import { useState } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { voicemailPresetLabels } from '../../shared/conversation/voicemail.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';

const configured = (value: string | null | undefined) => value ?? 'non configurato';

/** WhatsApp's settings: the number and template in clear, the three secrets written once and never shown again. */
const WhatsAppForm = ({ configured, onSaved }: { configured: { phoneNumberId: string; apiUrl: string; template: string | null } | null; onSaved: () => void }) => {
  const save = useHostAction('admin.setWhatsApp');
  const [values, setValues] = useState({ phoneNumberId: configured?.phoneNumberId ?? '', apiUrl: configured?.apiUrl ?? 'https://graph.facebook.com/v21.0', template: configured?.template ?? '', verifyToken: '', appSecret: '', accessToken: '' });
  const [saved, setSaved] = useState(false);
  const field = (key: keyof typeof values) => (event: { target: { value: string } }) => {
    setSaved(false);
    setValues({ ...values, [key]: event.target.value });
  };
  const secretHint = configured ? 'impostato: lascia vuoto per non cambiarlo' : '';
  return (
    <form
      aria-label="WhatsApp Business"
      className="card"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await save.run({ ...values, template: values.template.trim() || null });
        if (result.ok) {
          setSaved(true);
          setValues({ ...values, verifyToken: '', appSecret: '', accessToken: '' });
          onSaved();
        }
      }}
    >
      <h3>WhatsApp Business</h3>
      <label className="field">
        <span className="field-label">Identificativo del numero (Phone number ID)</span>
        <input value={values.phoneNumberId} inputMode="numeric" required onChange={field('phoneNumberId')} />
      </label>
      <label className="field">
        <span className="field-label">Indirizzo della piattaforma</span>
        <input value={values.apiUrl} required onChange={field('apiUrl')} />
      </label>
      <label className="field">
        <span className="field-label">Modello approvato per le risposte oltre le 24 ore</span>
        <input value={values.template} onChange={field('template')} />
      </label>
      <label className="field">
        <span className="field-label">Token di verifica del webhook</span>
        <input type="password" autoComplete="off" value={values.verifyToken} placeholder={secretHint} onChange={field('verifyToken')} />
      </label>
      <label className="field">
        <span className="field-label">Segreto dell’app</span>
        <input type="password" autoComplete="off" value={values.appSecret} placeholder={secretHint} onChange={field('appSecret')} />
      </label>
      <label className="field">
        <span className="field-label">Token di accesso</span>
        <input type="password" autoComplete="off" value={values.accessToken} placeholder={secretHint} onChange={field('accessToken')} />
      </label>
      <button type="submit" disabled={save.pending}>
        Salva WhatsApp
      </button>
      {saved ? <Notice tone="info">WhatsApp configurato: il webhook usa subito le nuove impostazioni.</Notice> : null}
      {save.error ? <Notice tone="error">{save.error}</Notice> : null}
    </form>
  );
};

/**
 * «Canali» (admins): what the API's channels are set to (the mailbox, the voicemail box, WhatsApp,
 * the weekend number; their secrets never leave the API) and the PBX keys: issue one (shown once,
 * only its hash is kept) or revoke it; both audited.
 */
export const ChannelsScreen = () => {
  const status = useHostQuery('admin.channels', {});
  const keys = useHostQuery('admin.ctiKeys', {});
  const issue = useHostAction('admin.issueCtiKey');
  const revoke = useHostAction('admin.revokeCtiKey');
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<{ label: string; key: string } | null>(null);
  const data = status.data;
  return (
    <main className="panel" aria-labelledby="channels-title">
      <h2 id="channels-title">Canali</h2>
      {status.error ? <Notice tone="error">{status.error}</Notice> : null}
      {data ? (
        <dl className="fields" aria-label="Configurazione dei canali">
          <div className="field-row">
            <dt>Casella dell’assistenza (IMAP)</dt>
            <dd>{data.mailbox ? `${data.mailbox.user} su ${data.mailbox.host}, cartella ${data.mailbox.mailbox}` : configured(null)}</dd>
          </div>
          <div className="field-row">
            <dt>Segreteria telefonica</dt>
            <dd>{data.voicemail ? `messaggi da ${data.voicemail.sender} (${voicemailPresetLabels[data.voicemail.preset]})` : configured(null)}</dd>
          </div>
          <div className="field-row">
            <dt>WhatsApp Business</dt>
            <dd>{data.whatsApp ? `numero ${data.whatsApp.phoneNumberId}, modello oltre le 24 ore: ${configured(data.whatsApp.template)}` : configured(null)}</dd>
          </div>
          <div className="field-row">
            <dt>Numero weekend</dt>
            <dd>{configured(data.weekendLine)}</dd>
          </div>
        </dl>
      ) : null}
      <p className="muted">Le credenziali dei canali non escono mai dall’API: si scrivono qui (o nell’ambiente dell’API, docs/channels.md) e non si rileggono.</p>
      <WhatsAppForm configured={data?.whatsApp ?? null} onSaved={status.reload} />
      <section aria-labelledby="cti-keys-title">
        <h3 id="cti-keys-title">Chiavi del centralino</h3>
        {keys.error ? <Notice tone="error">{keys.error}</Notice> : null}
        <ul className="plain-list" aria-label="Chiavi del centralino">
          {keys.data?.keys.map((key) => (
            <li key={key.id}>
              {key.label} · creata il {formatDateTime(key.createdAt)}
              {key.lastUsedAt ? ` · usata il ${formatDateTime(key.lastUsedAt)}` : ' · mai usata'}
              {key.revokedAt ? (
                ` · revocata il ${formatDateTime(key.revokedAt)}`
              ) : (
                <>
                  {' '}
                  <button
                    type="button"
                    aria-label={`Revoca la chiave ${key.label}`}
                    onClick={async () => {
                      if ((await revoke.run({ id: key.id })).ok) keys.reload();
                    }}
                  >
                    Revoca
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await issue.run({ label });
            if (result.ok) {
              setIssued({ label: result.value.label, key: result.value.key });
              setLabel('');
              keys.reload();
            }
          }}
        >
          <label className="field">
            <span className="field-label">Centralino (es. sede principale)</span>
            <input value={label} maxLength={80} required onChange={(event) => setLabel(event.target.value)} />
          </label>
          <button type="submit" disabled={issue.pending}>
            Crea chiave
          </button>
        </form>
        {issued ? (
          <Notice tone="info">
            Chiave per «{issued.label}», mostrata una sola volta: <code className="secret">{issued.key}</code>
          </Notice>
        ) : null}
        {issue.error ? <Notice tone="error">{issue.error}</Notice> : null}
        {revoke.error ? <Notice tone="error">{revoke.error}</Notice> : null}
      </section>
    </main>
  );
};
