import { useState, type FormEvent } from 'react';
import type { PersonalDataSubject } from '../../shared/accounts/privacy.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useHostAction } from '../host/use-host.ts';
import { saveFile } from '../reports/save-file.ts';

/** «Dati personali» (admins): what the desk holds about a customer or a contact, as JSON or a PDF the person reads. */
export const PersonalDataExport = ({ subject, label }: { subject: PersonalDataSubject; label: string }) => {
  const exporting = useHostAction('admin.exportPersonalData');
  const download = async (format: 'json' | 'pdf') => {
    const result = await exporting.run({ subject, format });
    if (result.ok) saveFile(result.value);
  };
  return (
    <span className="choice-row" role="group" aria-label={`Dati personali di ${label}`}>
      <button type="button" disabled={exporting.pending} onClick={() => void download('pdf')}>
        Esporta i dati (PDF)
      </button>
      <button type="button" disabled={exporting.pending} onClick={() => void download('json')}>
        Esporta i dati (JSON)
      </button>
      {exporting.error ? <Notice tone="error">{exporting.error}</Notice> : null}
    </span>
  );
};

/**
 * Erases a contact on the person's request: name and address are replaced wherever the desk holds
 * them (and on every console at its next sync); orders, tickets and billing stay. Asks for the
 * request's details (audited) and a confirmation: it cannot be undone.
 */
export const EraseContact = ({ contactId, label, onErased }: { contactId: string; label: string; onErased: (text: string) => void }) => {
  const erase = useHostAction('admin.eraseContact');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Cancella su richiesta
      </button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await erase.run({ contactId, reason: reason.trim() });
    if (!result.ok) return;
    setOpen(false);
    onErased(`Dati di ${label} cancellati: ${result.value.tickets} richieste, ${result.value.messages} messaggi, ${result.value.mails} e-mail e ${result.value.auditLines} righe del registro riscritte, ${result.value.files} allegati eliminati; le postazioni si aggiornano alla prossima sincronizzazione.`);
  };
  return (
    <form className="actions" aria-label={`Cancellazione dei dati di ${label}`} onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">Richiesta (chi, quando, come)</span>
        <input required maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={sure} onChange={(event) => setSure(event.target.checked)} /> Ho capito: nome e indirizzo spariscono ovunque e non si possono recuperare
      </label>
      <button type="submit" className="primary" disabled={!sure || reason.trim() === '' || erase.pending}>
        Cancella i dati
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Annulla
      </button>
      {erase.error ? <Notice tone="error">{erase.error}</Notice> : null}
    </form>
  );
};
