import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import type { IntakeKey } from '../../shared/intake/intake-api.ts';
import type { PortalContactView } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { EraseContact, PersonalDataExport } from '../customers/PersonalDataActions.tsx';

type Message = { tone: 'info' | 'error'; text: string };
const contactStatusLabels = { invited: 'invitato', active: 'attivo', disabled: 'disattivato' } as const;

/**
 * The lead's side of a customer's channels: portal access for a contact (an invite by e-mail), and
 * the keys of the customer's J2K installations (a new key is shown once; a lost one is revoked).
 * Lives on the central API, so it works online only and says so.
 */
export const CustomerPortalAdmin = ({ customerId }: { customerId: string }) => {
  const admin = useSyncStore((state) => state.status?.user?.role === 'admin');
  const keyList = useHostQuery('intake.keys', { customerId });
  const contactList = useHostQuery('portal.contacts', { customerId });
  const keys: IntakeKey[] | null = keyList.data?.keys ?? null;
  const contacts: PortalContactView[] | null = contactList.data?.contacts ?? null;
  const loadFailure = keyList.error ?? contactList.error;
  const inviteContact = useHostAction('portal.invite');
  const disableContact = useHostAction('portal.disableContact');
  const issueKey = useHostAction('intake.issueKey');
  const revokeKey = useHostAction('intake.revokeKey');
  const [message, setMessage] = useState<Message | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [label, setLabel] = useState('');
  const load = () => {
    keyList.reload();
    contactList.reload();
  };

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const result = await inviteContact.run({ customerId, email: email.trim(), name: name.trim() });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    setMessage({ tone: 'info', text: `Invito inviato a ${email.trim()}: il collegamento vale 7 giorni.` });
    setName('');
    setEmail('');
    load();
  };
  const disable = async (contact: PortalContactView) => {
    const result = await disableContact.run({ id: contact.id });
    setMessage(
      result.ok
        ? { tone: 'info', text: `Accesso di ${contact.email} disattivato.` }
        : { tone: 'error', text: result.error.message },
    );
    load();
  };
  const issue = async (event: FormEvent) => {
    event.preventDefault();
    const result = await issueKey.run({ customerId, label: label.trim() });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    setIssued(result.value.key);
    setLabel('');
    setMessage(null);
    load();
  };
  const revoke = async (key: IntakeKey) => {
    const result = await revokeKey.run({ id: key.id });
    setMessage(
      result.ok
        ? { tone: 'info', text: `Chiave «${key.label}» revocata.` }
        : { tone: 'error', text: result.error.message },
    );
    load();
  };

  return (
    <section aria-label="Portale clienti e J2K" className="card">
      <h4>Portale clienti</h4>
      {contacts && contacts.length === 0 ? (
        <p className="muted">Nessun referente ha accesso al portale.</p>
      ) : null}
      {contacts && contacts.length > 0 ? (
        <ul className="plain-list" aria-label="Referenti del portale">
          {contacts.map((contact) => (
            <li key={contact.id}>
              {contact.name} · {contact.email}{' '}
              <Badge
                tone={
                  contact.status === 'active' ? 'success' : contact.status === 'invited' ? 'info' : 'neutral'
                }
              >
                {contactStatusLabels[contact.status]}
              </Badge>{' '}
              {contact.status !== 'disabled' ? (
                <button
                  type="button"
                  aria-label={`Disattiva l’accesso di ${contact.email}`}
                  onClick={() => void disable(contact)}
                >
                  Disattiva
                </button>
              ) : null}
              {admin ? (
                <>
                  {' '}
                  <PersonalDataExport subject={{ contactId: contact.id }} label={contact.name} />{' '}
                  {contact.email.endsWith('@cancellato.invalid') ? null : (
                    <EraseContact
                      contactId={contact.id}
                      label={contact.name}
                      onErased={(text) => {
                        setMessage({ tone: 'info', text });
                        load();
                      }}
                    />
                  )}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form
        aria-label="Invita al portale"
        className="assignment-form"
        onSubmit={(event) => void invite(event)}
      >
        <TextField label="Nome del referente" value={name} onChange={setName} required maxLength={120} />
        <TextField
          label="E-mail del referente"
          value={email}
          onChange={setEmail}
          required
          maxLength={200}
          inputMode="email"
        />
        <div className="actions">
          <button type="submit">Invia invito</button>
        </div>
      </form>
      <h4>Chiavi J2K</h4>
      {keys && keys.length === 0 ? <p className="muted">Nessuna installazione J2K collegata.</p> : null}
      {keys && keys.length > 0 ? (
        <ul className="plain-list" aria-label="Chiavi J2K">
          {keys.map((key) => (
            <li key={key.id}>
              {key.label} · creata il {formatDateTime(key.createdAt)}
              {key.lastUsedAt ? ` · ultima richiesta ${formatDateTime(key.lastUsedAt)}` : ''}{' '}
              {key.revokedAt ? (
                <Badge tone="neutral">revocata</Badge>
              ) : (
                <button
                  type="button"
                  aria-label={`Revoca la chiave ${key.label}`}
                  onClick={() => void revoke(key)}
                >
                  Revoca
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <form aria-label="Nuova chiave J2K" className="assignment-form" onSubmit={(event) => void issue(event)}>
        <TextField
          label="Installazione (es. server del negozio)"
          value={label}
          onChange={setLabel}
          required
          maxLength={100}
        />
        <div className="actions">
          <button type="submit">Crea chiave</button>
        </div>
      </form>
      {issued ? (
        <Notice tone="info">
          Chiave da configurare in J2K (non sarà più mostrata): <code className="secret">{issued}</code>
        </Notice>
      ) : null}
      {message ? (
        <Notice tone={message.tone}>{message.text}</Notice>
      ) : loadFailure ? (
        <Notice tone="error">{loadFailure}</Notice>
      ) : null}
    </section>
  );
};
