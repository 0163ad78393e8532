import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { attachmentMaxBytes, attachmentsPerMessage, isAudioType, isImageType } from '../../shared/conversation/attachment-types.ts';
import { attachmentRefSchema, type AttachmentRef } from '../../shared/conversation/ticket-message.ts';
import { formatDateTime } from '../../shared/format.ts';
import { channelLabels, ticketStatusLabels } from '../../shared/model/enums.ts';
import { portalMessageResultSchema, portalTicketSchema, type PortalMessage, type PortalTicket } from '../../shared/portal-api/portal-api.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ChosenFiles } from '../../ui/ChosenFiles.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PortalError, portalCall, portalUpload } from '../portal-client.ts';
import { useLoad } from '../use-load.ts';
import { Intervention } from './TicketsPage.tsx';

const fileUrl = (ticketId: string, attachment: AttachmentRef) => `/portal/api/tickets/${ticketId}/attachments/${attachment.sha256}?name=${encodeURIComponent(attachment.name)}`;

const MessageFiles = ({ ticketId, attachments }: { ticketId: string; attachments: AttachmentRef[] }) =>
  attachments.length === 0 ? null : (
    <ul className="plain-list portal-files" aria-label="Allegati">
      {attachments.map((attachment) => (
        <li key={attachment.sha256}>
          {isImageType(attachment.mediaType) ? <img src={fileUrl(ticketId, attachment)} alt={`Allegato: ${attachment.name}`} className="portal-photo" /> : null}
          {isAudioType(attachment.mediaType) ? <audio controls src={fileUrl(ticketId, attachment)} aria-label={`Audio: ${attachment.name}`} /> : null}
          <a href={fileUrl(ticketId, attachment)} target="_blank" rel="noopener">
            {attachment.name}
          </a>
        </li>
      ))}
    </ul>
  );

const MessageItem = ({ ticketId, message }: { ticketId: string; message: PortalMessage }) => (
  <li className={`portal-message portal-message-${message.authorKind}`}>
    <p className="portal-message-meta">
      <strong>{message.authorLabel}</strong> <span className="muted">{formatDateTime(message.writtenAt)}</span>
    </p>
    <p className="portal-message-body">{message.body}</p>
    {message.quoted ? (
      <details>
        <summary>Testo citato</summary>
        <p className="portal-message-body muted">{message.quoted}</p>
      </details>
    ) : null}
    <MessageFiles ticketId={ticketId} attachments={message.attachments} />
  </li>
);

/** The customer's answer: text, photos or documents from the phone, and what writing on a closed request does. */
const Composer = ({ ticket, onSent }: { ticket: PortalTicket; onSent: (text: string) => void }) => {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const closed = ticket.status === 'closed';
  const choose = (list: FileList | null) => {
    const chosen = [...files, ...(list ? [...list] : [])];
    const tooLarge = chosen.find((file) => file.size > attachmentMaxBytes);
    if (tooLarge) setError(`«${tooLarge.name}» supera i 10 MB ammessi per allegato.`);
    else if (chosen.length > attachmentsPerMessage) setError(`Al massimo ${attachmentsPerMessage} allegati per messaggio.`);
    else {
      setError(null);
      setFiles(chosen);
    }
    if (input.current) input.current.value = '';
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '' && files.length === 0) {
      setError('Scriva un messaggio o alleghi un file.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const attachments = [];
      for (const file of files) attachments.push(await portalUpload(file, attachmentRefSchema));
      const result = await portalCall('POST', `/tickets/${ticket.id}/messages`, portalMessageResultSchema, { body, attachments: attachments.map(({ sha256, name }) => ({ sha256, name })) });
      setBody('');
      setFiles([]);
      onSent(
        result.outcome === 'reopened'
          ? `Messaggio inviato: la richiesta ${result.ticketNumber} è stata riaperta.`
          : result.outcome === 'newTicket'
            ? `Messaggio inviato come nuova richiesta ${result.ticketNumber}, collegata a questa.`
            : 'Messaggio inviato: lo leggerà il tecnico che segue la richiesta.',
      );
    } catch (failure) {
      setError(failure instanceof PortalError ? failure.message : 'Invio non riuscito.');
    } finally {
      setSending(false);
    }
  };
  return (
    <form aria-label="Scrivi all’assistenza" className="portal-composer" onSubmit={(event) => void submit(event)}>
      {closed ? <Notice tone="info">Questa richiesta è chiusa. Se scrive, la riapriremo; se è chiusa da tempo, il messaggio aprirà una nuova richiesta collegata a questa.</Notice> : null}
      <label className="field">
        <span className="field-label">Il suo messaggio</span>
        <textarea rows={4} maxLength={10_000} value={body} onChange={(event) => setBody(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Allega foto, PDF o audio (al massimo 10 MB ciascuno)</span>
        <input ref={input} type="file" multiple accept="image/*,application/pdf,audio/*" onChange={(event) => choose(event.target.files)} />
      </label>
      <ChosenFiles files={files} label="File scelti" onRemove={(index) => setFiles(files.filter((_, other) => other !== index))} />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button type="submit" disabled={sending}>
        {sending ? 'Invio…' : closed ? 'Invia e riapri' : 'Invia'}
      </button>
    </form>
  );
};

/** One request: its state, the conversation with the desk, the interventions with their classification. */
export const RequestDetailPage = () => {
  const { id = '' } = useParams();
  const { data, error, reload } = useLoad(useCallback(() => portalCall('GET', `/tickets/${encodeURIComponent(id)}`, portalTicketSchema), [id]));
  const [sent, setSent] = useState<string | null>(null);
  if (error) return <Notice tone="error">{error}</Notice>;
  if (!data) return <p className="muted">Caricamento…</p>;
  return (
    <article aria-labelledby="request-detail-title">
      <p>
        <Link to="/richieste">← Tutte le richieste</Link>
      </p>
      <h2 id="request-detail-title">
        {data.number} · {data.subject}
      </h2>
      <p>
        <Badge tone={data.status === 'closed' ? 'success' : 'info'}>{ticketStatusLabels[data.status]}</Badge>{' '}
        <span className="muted">
          {channelLabels[data.channel]} · aperta il {formatDateTime(data.openedAt)}
          {data.closedAt ? ` · chiusa il ${formatDateTime(data.closedAt)}` : ''}
        </span>
      </p>
      <section aria-labelledby="conversation-title">
        <h3 id="conversation-title">Conversazione</h3>
        {data.messages.length === 0 ? <p className="muted">Nessun messaggio ancora: può scriverci qui sotto.</p> : null}
        <ol className="plain-list portal-thread">
          {data.messages.map((message) => (
            <MessageItem key={message.id} ticketId={data.id} message={message} />
          ))}
        </ol>
        {sent ? <Notice tone="info">{sent}</Notice> : null}
        <Composer
          ticket={data}
          onSent={(text) => {
            setSent(text);
            reload();
          }}
        />
      </section>
      {data.workReports.length > 0 ? (
        <section aria-labelledby="reports-title">
          <h3 id="reports-title">Rapportini d’intervento</h3>
          <ul className="plain-list">
            {data.workReports.map((report) => (
              <li key={report.id}>
                <a href={`/portal/api/tickets/${data.id}/reports/${report.id}`} target="_blank" rel="noopener">
                  Rapportino versione {report.version} (PDF)
                </a>{' '}
                <span className="muted">
                  {formatDateTime(report.createdAt)} · {report.signedBy ? `firmato da ${report.signedBy}` : `non firmato: ${report.declinedReason ?? ''}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="interventions-title">
        <h3 id="interventions-title">Interventi</h3>
        {data.interventions.length === 0 ? (
          <p className="muted">Nessun intervento ancora.</p>
        ) : (
          <ul className="plain-list">
            {data.interventions.map((item) => (
              <Intervention key={item.startedAt} item={item} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
};

