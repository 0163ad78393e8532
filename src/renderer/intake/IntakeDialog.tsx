import { useState, type FormEvent } from 'react';
import type { Channel, Priority } from '../../shared/model/enums.ts';
import { TicketFactFields } from '../tickets/TicketFactFields.tsx';
import { useHostAction } from '../host/use-host.ts';
import { CustomerPicker, type CustomerHit } from '../customers/CustomerPicker.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { FormActions } from '../ui/FormActions.tsx';

const intakeChannels = [
  'phone',
  'voicemail',
  'whatsapp',
  'weekend_line',
  'web_form',
  'j2k',
] as const satisfies readonly Channel[];

/** Log a request that arrived by phone, voicemail, WhatsApp or the weekend line; works offline. */
/** What a ringing call already says: the caller's customer, the line, the number. */
export type IntakePrefill = { customer: CustomerHit | null; channel: Channel; description: string };

export const IntakeDialog = ({
  open,
  onClose,
  onCreated,
  prefill = null,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (ticketId: string) => void;
  prefill?: IntakePrefill | null;
}) => (
  <Dialog title="Nuova richiesta" open={open} onClose={onClose}>
    <IntakeForm onClose={onClose} onCreated={onCreated} prefill={prefill} />
  </Dialog>
);

/** Mounted afresh at every opening: each request starts from an empty form. */
const IntakeForm = ({
  onClose,
  onCreated,
  prefill,
}: {
  onClose: () => void;
  onCreated: (ticketId: string) => void;
  prefill: IntakePrefill | null;
}) => {
  const [customer, setCustomer] = useState<CustomerHit | null>(prefill?.customer ?? null);
  const [creating, setCreating] = useState(false);
  const [newCustomer, setNewCustomer] = useState({ name: '', phone: '', email: '', city: '', vatNumber: '' });
  const [channel, setChannel] = useState<Channel>(prefill?.channel ?? 'phone');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState(prefill?.description ?? '');
  const [priority, setPriority] = useState<Priority>('P3');
  const [blocking, setBlocking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const intake = useHostAction('tickets.intake');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
    const target = creating
      ? {
          new: {
            name: newCustomer.name,
            phone: orNull(newCustomer.phone),
            email: orNull(newCustomer.email),
            city: orNull(newCustomer.city),
            vatNumber: orNull(newCustomer.vatNumber),
          },
        }
      : customer
        ? { id: customer.id }
        : null;
    if (!target) {
      setError('Scegli un cliente o creane uno nuovo.');
      return;
    }
    const created = await intake.run({ customer: target, channel, subject, description, priority, blocking });
    if (!created.ok) return;
    onCreated(created.value.ticketId);
    onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="form-grid">
      {!creating ? (
        <>
          <CustomerPicker chosen={customer} onChoose={setCustomer} listLabel="Clienti trovati" />
          <button type="button" className="link-button accent" onClick={() => setCreating(true)}>
            + Nuovo cliente
          </button>
        </>
      ) : (
        <fieldset>
          <legend>Nuovo cliente</legend>
          <label className="field">
            <span className="field-label">Ragione sociale</span>
            <input
              required
              value={newCustomer.name}
              onChange={(event) => setNewCustomer({ ...newCustomer, name: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Telefono</span>
            <input
              value={newCustomer.phone}
              onChange={(event) => setNewCustomer({ ...newCustomer, phone: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">E-mail</span>
            <input
              type="email"
              value={newCustomer.email}
              onChange={(event) => setNewCustomer({ ...newCustomer, email: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Città</span>
            <input
              value={newCustomer.city}
              onChange={(event) => setNewCustomer({ ...newCustomer, city: event.target.value })}
            />
          </label>
          <button type="button" className="link-button accent" onClick={() => setCreating(false)}>
            Cerca un cliente esistente
          </button>
        </fieldset>
      )}
      <label className="field">
        <span className="field-label">Oggetto</span>
        <input required value={subject} onChange={(event) => setSubject(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Descrizione</span>
        <textarea rows={3} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <TicketFactFields channels={intakeChannels} channel={channel} onChannel={setChannel} priority={priority} onPriority={setPriority} blocking={blocking} onBlocking={setBlocking} />
      {error ?? intake.error ? <Notice tone="error">{error ?? intake.error}</Notice> : null}
      <FormActions submitLabel="Registra richiesta" onCancel={onClose} />
    </form>
  );
};
