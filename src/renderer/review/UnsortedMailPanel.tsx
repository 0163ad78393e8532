import { useState } from 'react';
import type { UnsortedMail } from '../../shared/conversation/unsorted-mail.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Notice } from '../../ui/Notice.tsx';
import { CustomerPicker, type CustomerHit } from '../customers/CustomerPicker.tsx';
import { useHostAction, useHostQuery } from '../host/use-host.ts';

const UnsortedItem = ({ mail, onDecided }: { mail: UnsortedMail; onDecided: (text: string) => void }) => {
  const [customer, setCustomer] = useState<CustomerHit | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const file = useHostAction('mail.fileUnsorted');
  const discard = useHostAction('mail.discardUnsorted');
  const from = mail.senderName && mail.senderName !== mail.sender ? `${mail.senderName} <${mail.sender}>` : mail.sender;
  return (
    <li className="card" aria-label={`E-mail di ${mail.sender}: ${mail.subject}`}>
      <p>
        <strong>{mail.subject}</strong> <span className="muted">da {from}, {formatDateTime(mail.receivedAt)}</span>
      </p>
      <p className="thread-body">{mail.body.length > 600 ? `${mail.body.slice(0, 600)}…` : mail.body}</p>
      {mail.attachments.length > 0 ? <p className="muted">Allegati: {mail.attachments.map((attachment) => attachment.name).join(', ')}</p> : null}
      <CustomerPicker chosen={customer} onChoose={setCustomer} label="Di quale cliente è?" listLabel={`Clienti per l’e-mail di ${mail.sender}`} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!customer || file.pending}
          onClick={async () => {
            if (!customer) return;
            const result = await file.run({ id: mail.id, customerId: customer.id });
            if (result.ok) onDecided(`Richiesta ${result.value.ticketNumber ?? ''} aperta per ${customer.name}: arriva in coda alla prossima sincronizzazione.`);
          }}
        >
          {customer ? `Apri una richiesta per ${customer.name}` : 'Apri una richiesta'}
        </button>
        <button type="button" onClick={() => setDiscarding(!discarding)}>
          Scarta
        </button>
      </div>
      {discarding ? (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await discard.run({ id: mail.id, reason });
            if (result.ok) onDecided(`E-mail di ${mail.sender} scartata.`);
          }}
        >
          <label className="field">
            <span className="field-label">Perché la scarti</span>
            <input value={reason} maxLength={300} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="submit" disabled={discard.pending}>
            Conferma lo scarto
          </button>
        </form>
      ) : null}
      {file.error ? <Notice tone="error">{file.error}</Notice> : null}
      {discard.error ? <Notice tone="error">{discard.error}</Notice> : null}
    </li>
  );
};

/**
 * «Da smistare»: mail that reached the support mailbox from an address no customer has. A lead
 * says whose it is (a request opens in that customer's name) or throws it away with a reason.
 */
export const UnsortedMailPanel = () => {
  const unsorted = useHostQuery('mail.unsorted', {}, { refreshEveryMs: 60_000 });
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <section aria-labelledby="unsorted-title">
      <header className="panel-header">
        <h3 id="unsorted-title">E-mail da smistare</h3>
        <button type="button" onClick={unsorted.reload}>
          Aggiorna
        </button>
      </header>
      {unsorted.error ? <Notice tone="error">{unsorted.error}</Notice> : null}
      {decided ? <Notice tone="info">{decided}</Notice> : null}
      {unsorted.data && unsorted.data.mails.length === 0 ? <p className="muted">Nessuna e-mail da smistare.</p> : null}
      <ul className="plain-list" aria-label="E-mail da smistare">
        {unsorted.data?.mails.map((mail) => (
          <UnsortedItem
            key={mail.id}
            mail={mail}
            onDecided={(text) => {
              setDecided(text);
              unsorted.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
};
