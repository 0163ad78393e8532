import { useState } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';

const configured = (value: string | null | undefined) => value ?? 'non configurato';

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
            <dd>{data.voicemail ? `messaggi da ${data.voicemail.sender} (modello ${data.voicemail.preset})` : configured(null)}</dd>
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
      <p className="muted">Le credenziali dei canali si impostano nell’ambiente dell’API (docs/channels.md) e non escono mai dall’API.</p>
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
