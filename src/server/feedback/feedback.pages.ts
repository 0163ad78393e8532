import { formatDateTime } from '../../shared/format.ts';
import { feedbackCommentMaxLength, ratingLabels } from '../../shared/review/feedback.ts';
import { html, mailDocument, type SafeHtml } from '../html/html.ts';
import type { FeedbackRequestView } from './feedback.service.ts';

/** The feedback pages work in any browser without JavaScript: plain HTML, one form, inline styles. */
const page = (title: string, body: SafeHtml): string => mailDocument(title, body);

const heading = (view: FeedbackRequestView) => html`<h1 style="font-size: 1.3rem;">Valuti l’assistenza ricevuta</h1>
<p>Richiesta <strong>${view.ticketNumber}</strong> «${view.subject}» · ${view.customerName}</p>`;

export const feedbackFormPage = (view: FeedbackRequestView, problem?: { message: string; rating: string; comment: string }): string =>
  page(
    'Valutazione dell’assistenza',
    html`${heading(view)}
${problem ? html`<p role="alert" style="color: #a61b1b; font-weight: bold;">${problem.message}</p>` : ''}
<form method="post" accept-charset="utf-8">
  <fieldset style="border: 1px solid #cbd2d9; padding: 0.75rem;">
    <legend>Quanto è soddisfatto dell’assistenza? (1 = per niente, 5 = moltissimo)</legend>
    ${[1, 2, 3, 4, 5].map(
      (value) => html`<label style="display: inline-block; margin: 0.25rem 0.75rem 0.25rem 0; font-size: 1.05rem;">
      <input type="radio" name="rating" value="${value}" required${problem?.rating === String(value) ? html` checked` : ''}> ${value} · ${ratingLabels[value] ?? ''}</label>`,
    )}
  </fieldset>
  <p><label for="comment">Commento (facoltativo)</label><br>
  <textarea id="comment" name="comment" rows="5" maxlength="${feedbackCommentMaxLength}" style="width: 100%; box-sizing: border-box;">${problem?.comment ?? ''}</textarea></p>
  <p><button type="submit" style="background: #0b5cad; color: #ffffff; border: 0; padding: 0.6rem 1.2rem; border-radius: 4px; font-size: 1rem;">Invia la valutazione</button></p>
</form>
<p style="font-size: 0.9rem;">Il modulo resta disponibile fino al ${formatDateTime(view.expiresAt)} e si può inviare una sola volta.</p>`,
  );

export const feedbackThanksPage = (view: FeedbackRequestView): string =>
  page('Grazie', html`${heading(view)}<p role="status"><strong>Grazie!</strong> La sua valutazione è stata registrata e sarà letta dal responsabile del servizio.</p>`);

export const feedbackAlreadyAnsweredPage = (view: FeedbackRequestView): string =>
  page(
    'Valutazione già inviata',
    html`${heading(view)}<p role="status">La valutazione di questa richiesta è già stata inviata${view.submittedAt ? html` il ${formatDateTime(view.submittedAt)}` : ''}: ne teniamo conto, grazie. Il modulo si può inviare una sola volta.</p>`,
  );

export const feedbackExpiredPage = (view: FeedbackRequestView): string =>
  page(
    'Modulo scaduto',
    html`${heading(view)}<p role="status">Il modulo di valutazione è scaduto il ${formatDateTime(view.expiresAt)}. Se vuole dirci qualcosa, risponda pure all’e-mail di chiusura o contatti l’assistenza.</p>`,
  );

export const feedbackUnknownPage = (): string =>
  page(
    'Collegamento non valido',
    html`<h1 style="font-size: 1.3rem;">Collegamento non valido</h1><p>Il collegamento al modulo di valutazione non è valido. Controlli di averlo copiato per intero dall’e-mail.</p>`,
  );
