import { formatEuroCents, formatMinutes, formatValidUntil } from '../../../shared/format.ts';
import type { HourBankNoticePayload } from '../mail-payloads.ts';
import { html, mailDocument } from '../../html/html.ts';
import { residualLines } from './residual.ts';
import type { RenderedMail, RenderSettings } from './rendered-mail.ts';

type Notice = HourBankNoticePayload['notices'][number];

const potName = (notice: Notice) =>
  notice.kind === 'free' ? 'Le ore gratuite di assistenza' : `Il pacchetto di ${formatMinutes(notice.totalMinutes)} prepagate${notice.expiresOn ? ` (valido ${formatValidUntil(notice.expiresOn)})` : ''}`;

const sentence = (notice: Notice) =>
  notice.threshold === 'exhausted'
    ? `${potName(notice)}: esaurite.`
    : `${potName(notice)}: restano ${formatMinutes(notice.remainingMinutes)} su ${formatMinutes(notice.totalMinutes)}, meno del 20%.`;

/** Domain rules §5: the customer is told when a pot runs low or out, and what they can do next. */
export const renderHourBankNotice = (payload: HourBankNoticePayload, settings: RenderSettings): RenderedMail => {
  const exhausted = payload.notices.some((notice) => notice.threshold === 'exhausted');
  const subject = exhausted ? 'Monte ore di assistenza esaurito' : 'Monte ore di assistenza quasi esaurito';
  const rate = `${formatEuroCents(settings.policy.hourlyRateCents)} + IVA all’ora`;
  const choice = `Può acquistare un nuovo pacchetto di ore oppure ricevere gli interventi a consuntivo (${rate}, minimo ${formatMinutes(settings.policy.minimumMinutes)} e poi frazioni di ${formatMinutes(settings.policy.incrementMinutes)}).`;
  const packagesUrl = `${settings.publicUrl}/portal/#/pacchetti`;
  const portalLine = `Sul portale clienti vede le ore residue, acquista un pacchetto o sceglie come proseguire: ${packagesUrl}`;
  const text = [
    `Gentile ${payload.customerName},`,
    '',
    ...payload.notices.map(sentence),
    '',
    'Ore residue',
    ...residualLines(payload.residual).map((line) => `- ${line}`),
    '',
    choice,
    portalLine,
  ].join('\n');
  const body = html`
<h1 style="font-size: 1.3rem;">${subject}</h1>
<p>Gentile ${payload.customerName},</p>
<ul>${payload.notices.map((notice) => html`<li>${sentence(notice)}</li>`)}</ul>
<h2 style="font-size: 1.1rem;">Ore residue</h2>
<ul>${residualLines(payload.residual).map((line) => html`<li>${line}</li>`)}</ul>
<p>${choice}</p>
<p>Sul <a href="${packagesUrl}">portale clienti</a> vede le ore residue, acquista un pacchetto o sceglie come proseguire.</p>`;
  return { subject, text, html: mailDocument(subject, body) };
};
