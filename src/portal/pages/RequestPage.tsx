import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { PortalError, portalCall } from '../portal-client.ts';
import { backupReminder } from '../../shared/intake/backup-reminder.ts';

/** The online form: a new request reaches the technicians' queue like a phone call would (channel «Modulo online»). */
export const RequestPage = () => {
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [blocking, setBlocking] = useState(false);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { number } = await portalCall('POST', '/requests', z.object({ ticketId: z.uuid(), number: z.string() }), { subject, description, blocking });
      setMessage({ tone: 'info', text: `Richiesta ${number} registrata: un tecnico la prenderà in carico e la richiamerà. ${backupReminder}` });
      setSubject('');
      setDescription('');
      setBlocking(false);
    } catch (failure) {
      setMessage({ tone: 'error', text: failure instanceof PortalError ? failure.message : 'Invio non riuscito.' });
    }
  };
  return (
    <section aria-labelledby="request-title">
      <h2 id="request-title">Nuova richiesta di assistenza</h2>
      <aside className="portal-reminder" aria-label="Prima di richiedere assistenza">
        <strong>Prima di richiedere assistenza.</strong> {backupReminder}
      </aside>
      <form aria-label="Nuova richiesta" onSubmit={(event) => void submit(event)}>
        <TextField label="Oggetto" value={subject} onChange={setSubject} required maxLength={200} />
        <label className="field">
          <span className="field-label">Descrizione del problema</span>
          <textarea rows={6} maxLength={5000} value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <label className="portal-check">
          <input type="checkbox" checked={blocking} onChange={(event) => setBlocking(event.target.checked)} /> Il problema blocca il lavoro
        </label>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        <button type="submit">Invia la richiesta</button>
      </form>
    </section>
  );
};
