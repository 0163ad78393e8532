import type { ReplyMailPayload } from '../mail-payloads.ts';
import { html, mailDocument } from '../../html/html.ts';
import type { RenderedMail, RenderSettings } from './rendered-mail.ts';

/** The subject every mail about a request carries: its number in brackets, which files a reply back into it. */
export const ticketMailSubject = (number: string, subject: string): string => `[${number}] ${subject}`;

/** A technician's public reply, mailed to the customer with the way back to the conversation on the portal. */
export const renderReplyMail = (payload: ReplyMailPayload, settings: RenderSettings): RenderedMail => {
  const subject = ticketMailSubject(payload.ticketNumber, payload.ticketSubject);
  const requestUrl = `${settings.publicUrl}/portal/#/richieste/${payload.ticketId}`;
  const attachments = payload.attachmentNames.length > 0 ? `Allegati sul portale: ${payload.attachmentNames.join(', ')}` : null;
  const text = [
    `Gentile ${payload.customerName},`,
    '',
    `${payload.authorName} ha risposto alla sua richiesta ${payload.ticketNumber}:`,
    '',
    payload.body,
    '',
    ...(attachments ? [attachments, ''] : []),
    `Può rispondere a questa e-mail oppure sul portale clienti: ${requestUrl}`,
  ].join('\n');
  const body = html`
<p>Gentile ${payload.customerName},</p>
<p>${payload.authorName} ha risposto alla sua richiesta <strong>${payload.ticketNumber}</strong>:</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #888; margin: 0; padding-left: 1em;">${payload.body}</blockquote>
${attachments ? html`<p>${attachments}</p>` : ''}
<p>Può rispondere a questa e-mail oppure sul <a href="${requestUrl}">portale clienti</a>.</p>`;
  return { subject, text, html: mailDocument(subject, body) };
};
