import { useState, type KeyboardEvent } from 'react';
import { isAudioType, isImageType } from '../../shared/conversation/attachment-types.ts';
import { messageSourceLabels, messageVisibilities, type AttachmentRef, type MessageVisibility } from '../../shared/conversation/ticket-message.ts';
import { formatDateTime } from '../../shared/format.ts';
import { whatsAppReplyKind } from '../../shared/channels/whatsapp-window.ts';
import type { ThreadMessage, TicketDetail } from '../../shared/model/ticket.schema.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ChosenFiles } from '../../ui/ChosenFiles.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { RadioGroup } from '../ui/RadioGroup.tsx';
import { fetchAttachment, uploadAttachment, writeTicketMessage } from './thread-actions.ts';

const composerLabels = {
  internal: 'Nota interna (solo colleghi)',
  public: 'Risposta al cliente',
} as const satisfies Record<MessageVisibility, string>;

const sizeLabel = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

/** A file of a message: fetched from the API when asked (its bytes are not on this console), then shown in place. */
const AttachmentItem = ({ ticketId, attachment }: { ticketId: string; attachment: AttachmentRef }) => {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'loading' } | { kind: 'shown'; url: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const open = async () => {
    setState({ kind: 'loading' });
    const result = await fetchAttachment(ticketId, attachment.sha256);
    setState(result.ok ? { kind: 'shown', url: result.url } : { kind: 'error', message: result.message });
  };
  return (
    <li className="attachment">
      <span>
        {attachment.name} <span className="muted">({sizeLabel(attachment.sizeBytes)})</span>
      </span>{' '}
      {state.kind === 'idle' || state.kind === 'error' ? (
        <button type="button" onClick={() => void open()}>
          {isImageType(attachment.mediaType) ? 'Mostra' : isAudioType(attachment.mediaType) ? 'Ascolta' : 'Apri'}
        </button>
      ) : null}
      {state.kind === 'loading' ? <span className="muted">Scaricamento…</span> : null}
      {state.kind === 'error' ? <Notice tone="error">{state.message}</Notice> : null}
      {state.kind === 'shown' && isImageType(attachment.mediaType) ? <img className="attachment-image" src={state.url} alt={`Allegato: ${attachment.name}`} /> : null}
      {state.kind === 'shown' && isAudioType(attachment.mediaType) ? <audio controls src={state.url} aria-label={`Audio: ${attachment.name}`} /> : null}
      {state.kind === 'shown' && !isImageType(attachment.mediaType) && !isAudioType(attachment.mediaType) ? (
        <a href={state.url} download={attachment.name}>
          Salva {attachment.name}
        </a>
      ) : null}
    </li>
  );
};

const MessageItem = ({ ticketId, message }: { ticketId: string; message: ThreadMessage }) => (
  <li className={`thread-message thread-${message.authorKind} ${message.visibility === 'internal' ? 'thread-internal' : ''}`}>
    <p className="thread-meta">
      <strong>{message.authorLabel}</strong> <span className="muted">{formatDateTime(message.writtenAt)}</span>{' '}
      {message.source !== 'console' ? <Badge tone="info">{messageSourceLabels[message.source]}</Badge> : null}{' '}
      {message.visibility === 'internal' ? <Badge tone="warning">Nota interna</Badge> : null}{' '}
      {message.pending ? <Badge>Da inviare alla prossima sincronizzazione</Badge> : null}
    </p>
    <p className="thread-body">{message.body}</p>
    {message.quoted ? (
      <details>
        <summary>Testo citato</summary>
        <p className="thread-body muted">{message.quoted}</p>
      </details>
    ) : null}
    {message.attachments.length > 0 ? (
      <ul className="plain-list attachments" aria-label="Allegati">
        {message.attachments.map((attachment) => (
          <AttachmentItem key={attachment.sha256} ticketId={ticketId} attachment={attachment} />
        ))}
      </ul>
    ) : null}
  </li>
);

/**
 * The ticket's conversation: every message (internal notes marked), and a composer that writes
 * offline like every other command. A note stays among colleagues; a reply goes to the customer
 * by mail and on the portal once the API has it.
 */
export const TicketThread = ({ ticket, onWritten }: { ticket: TicketDetail; onWritten: () => void }) => {
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<MessageVisibility>('internal');
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const send = async () => {
    if (body.trim() === '' || sending) {
      setNotice({ tone: 'error', text: 'Scrivi il testo del messaggio.' });
      return;
    }
    setSending(true);
    // Files go to the API first (they are not replicated): online only, and nothing is written if one fails.
    const refs: AttachmentRef[] = [];
    for (const file of files) {
      const uploaded = await uploadAttachment(file);
      if (!uploaded.ok) {
        setSending(false);
        setNotice({ tone: 'error', text: `${uploaded.message} Il messaggio non è stato registrato: puoi inviarlo senza allegati.` });
        return;
      }
      refs.push(uploaded.ref);
    }
    const result = await writeTicketMessage(ticket.id, visibility, body, refs);
    setSending(false);
    if (!result.ok) {
      setNotice({ tone: 'error', text: result.message });
      return;
    }
    setBody('');
    setFiles([]);
    setNotice({ tone: 'info', text: visibility === 'public' ? 'Risposta registrata: il cliente la riceve per e-mail e sul portale appena l’API centrale la riceve.' : 'Nota interna registrata.' });
    onWritten();
  };
  const sendOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };
  return (
    <section aria-labelledby="thread-title" className="thread">
      <h3 id="thread-title">Conversazione</h3>
      {ticket.messages.length === 0 ? (
        <p className="muted">Nessun messaggio: le risposte al cliente e le note interne compaiono qui.</p>
      ) : (
        <ol className="plain-list thread-messages">
          {ticket.messages.map((message) => (
            <MessageItem key={message.id} ticketId={ticket.id} message={message} />
          ))}
        </ol>
      )}
      <form
        className="thread-composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <RadioGroup legend="Tipo di messaggio" name="thread-visibility" values={messageVisibilities.toReversed()} labels={composerLabels} value={visibility} onChange={setVisibility} />
        <label className="field">
          <span className="field-label">Messaggio</span>
          <textarea rows={3} value={body} maxLength={10_000} onChange={(event) => setBody(event.target.value)} onKeyDown={sendOnCtrlEnter} aria-describedby="thread-hint" />
        </label>
        <label className="field">
          <span className="field-label">Allegati (immagini, PDF, audio; serve l’API raggiungibile)</span>
          <input type="file" multiple accept="image/*,application/pdf,audio/*" onChange={(event) => {
              setFiles([...files, ...(event.target.files ? [...event.target.files] : [])].slice(0, 5));
              event.target.value = '';
            }}
          />
        </label>
        <ChosenFiles files={files} label="File da allegare" onRemove={(index) => setFiles(files.filter((_, other) => other !== index))} />
        <p id="thread-hint" className="muted">
          {visibility === 'internal'
            ? 'Visibile solo ai colleghi.'
            : ticket.channel === 'whatsapp'
              ? whatsAppReplyKind(ticket.messages.filter((message) => message.source === 'whatsapp' && message.authorKind === 'customer').at(-1)?.writtenAt ?? null, new Date().toISOString()) === 'text'
                ? 'Il cliente riceverà il testo su WhatsApp (entro 24 ore dal suo ultimo messaggio).'
                : 'Sono passate più di 24 ore dall’ultimo messaggio WhatsApp del cliente: riceverà il modello approvato dal desk con il tuo testo.'
              : 'Il cliente riceverà il testo per e-mail, con il link alla richiesta sul portale.'}{' '}
          Ctrl+Invio per inviare.
        </p>
        <button type="submit" className="primary" disabled={sending}>
          {visibility === 'public' ? 'Invia al cliente' : 'Aggiungi nota'}
        </button>
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      </form>
    </section>
  );
};
