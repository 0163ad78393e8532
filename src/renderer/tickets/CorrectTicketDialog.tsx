import { useState, type FormEvent } from 'react';
import { channels, type Channel, type Priority } from '../../shared/model/enums.ts';
import { TicketFactFields } from './TicketFactFields.tsx';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { leadReasonNeeded } from '../../shared/sync/rules.ts';
import { customerChangeRefusal, ticketCorrectionChangesMoney, type TicketChanges } from '../../shared/sync/model/ticket-correction.ts';
import { CustomerPicker, type CustomerHit } from '../customers/CustomerPicker.tsx';
import { executeCommand } from '../host/execute-command.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Notice } from '../../ui/Notice.tsx';

/**
 * Corrects what intake got wrong: channel, priority, blocking, customer (before any billed work),
 * subject and description. When the correction changes what logged work costs, the reason field
 * appears (the same shared rule the API applies) and the API prices the finished work again.
 */
export const CorrectTicketDialog = ({ ticket, open, onClose, onCorrected }: { ticket: TicketDetail; open: boolean; onClose: () => void; onCorrected: () => void }) => (
  <Dialog title={`Correggi il ticket ${ticket.number}`} open={open} onClose={onClose}>
    <CorrectTicketForm ticket={ticket} onClose={onClose} onCorrected={onCorrected} />
  </Dialog>
);

const CorrectTicketForm = ({ ticket, onClose, onCorrected }: { ticket: TicketDetail; onClose: () => void; onCorrected: () => void }) => {
  const user = useSyncStore((state) => state.status?.user ?? null);
  const [subject, setSubject] = useState(ticket.subject);
  const [description, setDescription] = useState(ticket.description);
  const [channel, setChannel] = useState<Channel>(ticket.channel);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [blocking, setBlocking] = useState(ticket.blocking);
  // Starts on the ticket's customer; «cambia cliente» empties it and opens the search.
  const [customer, setCustomer] = useState<CustomerHit | null>(() => {
    const { id, name, code, city, phone, email } = ticket.customer;
    return { id, name, code, city, phone, email };
  });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const changes: TicketChanges = {
    ...(subject !== ticket.subject ? { subject } : {}),
    ...(description !== ticket.description ? { description } : {}),
    ...(channel !== ticket.channel ? { channel } : {}),
    ...(priority !== ticket.priority ? { priority } : {}),
    ...(blocking !== ticket.blocking ? { blocking } : {}),
    ...(customer && customer.id !== ticket.customer.id ? { customerId: customer.id } : {}),
  };
  const changesMoney = ticketCorrectionChangesMoney(changes, ticket.interventions.length);
  const colleaguesTicket = user !== null && leadReasonNeeded({ id: user.id, role: user.role }, ticket.assigneeId);
  const askReason = changesMoney || colleaguesTicket;
  const customerLocked = customerChangeRefusal({ interventions: ticket.interventions, repairs: [] });
  const nothingChanged = Object.keys(changes).length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = await executeCommand('ticket.update', { ticketId: ticket.id, changes, ...(askReason && reason.trim() ? { reason: reason.trim() } : {}) });
    setError(refused);
    if (!refused) {
      onCorrected();
      onClose();
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="form-grid" aria-label="Correzione del ticket">
      {customerLocked ? (
        <p className="muted">Cliente: {ticket.customer.name}. {customerLocked}</p>
      ) : (
        <CustomerPicker
          chosen={customer}
          onChoose={setCustomer}
          listLabel="Clienti trovati"
          changeLabel="cambia cliente"
        />
      )}
      <TicketFactFields channels={channels} channel={channel} onChannel={setChannel} priority={priority} onPriority={setPriority} blocking={blocking} onBlocking={setBlocking} />
      <label className="field">
        <span className="field-label">Oggetto</span>
        <input required value={subject} onChange={(event) => setSubject(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Descrizione</span>
        <textarea rows={4} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      {askReason ? (
        <label className="field">
          <span className="field-label">Motivo della correzione</span>
          <textarea required rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          <span className="muted">
            {changesMoney
              ? 'La correzione cambia il prezzo del lavoro già registrato: gli interventi conclusi saranno ricalcolati e il motivo resta nel registro delle modifiche.'
              : 'Il ticket è di un collega: il motivo resta nel registro delle modifiche.'}
          </span>
        </label>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <FormActions submitLabel="Salva le correzioni" onCancel={onClose} disabled={nothingChanged || subject.trim() === '' || (askReason && reason.trim() === '')} />
    </form>
  );
};
