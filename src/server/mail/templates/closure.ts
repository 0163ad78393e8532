import { activityCatalog, isActivityCode } from '../../../shared/domain/index.ts';
import { coverageWords, hourPotWords, nothingChargedWords } from '../../../shared/customer-words.ts';
import { causeLabels, interventionModeLabels } from '../../../shared/model/enums.ts';
import { formatDateTime, formatDay, formatEuroCents, formatMinutes } from '../../../shared/format.ts';
import type { ClosureMailPayload } from '../mail-payloads.ts';
import { repairChargeWords, repairStatusWords, repairWarrantyWords, type CustomerRepair } from '../../../shared/model/customer-repair.ts';
import { html, mailDocument } from '../../html/html.ts';
import { residualLines } from './residual.ts';
import type { RenderedMail, RenderSettings } from './rendered-mail.ts';

type Intervention = ClosureMailPayload['interventions'][number];
type Figures = NonNullable<Intervention['figures']>;

const activityLabel = (code: string) => (isActivityCode(code) ? activityCatalog[code].label : code);

/** Where the billed minutes came from, in words: "1 h dalle ore gratuite, 30 min a consuntivo". */
const drawnFrom = (figures: Figures, residual: ClosureMailPayload['residual']): string => {
  const parts = figures.allocation
    .filter((part) => part.minutes > 0)
    .map((part) => {
      if (part.source === 'free') return `${formatMinutes(part.minutes)} dalle ${hourPotWords.free}`;
      if (part.source === 'package') {
        const item = residual.packages.find((candidate) => candidate.id === part.packageId);
        return `${formatMinutes(part.minutes)} dal ${hourPotWords.package}${item ? ` del ${formatDay(item.purchasedOn)}` : ''}`;
      }
      return `${formatMinutes(part.minutes)} ${hourPotWords.invoice}`;
    });
  return parts.join(', ');
};

const chargeText = (figures: Figures, residual: ClosureMailPayload['residual']): string => {
  if (figures.tier !== 'billable' && figures.billedMinutes === 0) return nothingChargedWords(figures.tier);
  const drawn = drawnFrom(figures, residual);
  const money =
    figures.grossCents !== 0
      ? `importo ${formatEuroCents(figures.netCents)} + IVA ${formatEuroCents(figures.vatCents)} = ${formatEuroCents(figures.grossCents)}`
      : 'nessun importo da fatturare';
  return [drawn, money].filter(Boolean).join('; ');
};

/** Interventions and priced repairs together; work still waiting for its figures is counted apart. */
const totals = (payload: ClosureMailPayload) => {
  const work = [...payload.interventions, ...payload.repairs].reduce(
    (sum, item) => ({
      netCents: sum.netCents + (item.figures?.netCents ?? 0),
      vatCents: sum.vatCents + (item.figures?.vatCents ?? 0),
      grossCents: sum.grossCents + (item.figures?.grossCents ?? 0),
      pending: sum.pending + (item.figures ? 0 : 1),
    }),
    { netCents: 0, vatCents: 0, grossCents: 0, pending: 0 },
  );
  // Parts and transport are in the repair's charge words, VAT included; the total adds them.
  const extrasGross = payload.repairs.reduce((sum, repair) => sum + (repair.figures ? repair.figures.partsGrossCents + repair.figures.transportGrossCents : 0), 0);
  return { ...work, extrasGross };
};

/** A repair of the ticket: the device, where it stands, the warranty verdict and the charge once priced. */
const describeRepair = (repair: CustomerRepair) => ({
  head: `${repair.deviceModel} · matricola ${repair.deviceSerial} · ${repairStatusWords(repair.status)}`,
  lines: [
    `Difetto segnalato: ${repair.reportedDefect}`,
    ...(repair.diagnosis ? [`Diagnosi: ${repair.diagnosis}`] : []),
    repairWarrantyWords(repair.warranty).label,
    repair.figures ? `Addebito: ${repairChargeWords(repair.figures)}` : 'Riparazione in corso: l’eventuale addebito le sarà comunicato con il rendiconto mensile.',
  ],
});

/** The closure summary (domain rules §6): what was done, the time, the classification, the charges, the feedback link. */
export const renderClosureMail = (payload: ClosureMailPayload, settings: RenderSettings): RenderedMail => {
  const { ticket, residual } = payload;
  const feedbackUrl = `${settings.publicUrl}/feedback/${payload.feedbackToken}`;
  const sum = totals(payload);
  const subject = `Richiesta ${ticket.number} chiusa: riepilogo dell’assistenza`;
  const describe = (item: Intervention) => {
    const head = `${formatDateTime(item.startedAt)} · ${interventionModeLabels[item.mode]} · ${activityLabel(item.activity)}${item.technicianName ? ` · tecnico ${item.technicianName}` : ''}`;
    if (!item.figures) return { head, lines: ['Tempi in verifica dal responsabile: l’addebito le sarà comunicato con il rendiconto mensile.'], notes: item.notes };
    const { figures } = item;
    return {
      head,
      lines: [
        `Tempo lavorato ${formatMinutes(Math.floor(figures.workedSeconds / 60))}, tempo fatturato ${formatMinutes(figures.billedMinutes)}`,
        `${coverageWords(figures).label}${figures.reasons.length > 0 ? `: ${figures.reasons.join('; ')}` : ''}`,
        `Addebito: ${chargeText(figures, residual)}`,
      ],
      notes: item.notes,
    };
  };
  const described = payload.interventions.map(describe);
  const repairs = payload.repairs.map(describeRepair);
  const totalLine =
    sum.extrasGross > 0
      ? `Totale da fatturare: ${formatEuroCents(sum.grossCents + sum.extrasGross)} IVA inclusa (di cui ricambi e trasporti ${formatEuroCents(sum.extrasGross)})`
      : `Totale da fatturare: ${formatEuroCents(sum.netCents)} + IVA ${formatEuroCents(sum.vatCents)} = ${formatEuroCents(sum.grossCents)}`;
  const pendingLine = sum.pending > 0 ? `${sum.pending === 1 ? 'Un lavoro è' : `${sum.pending} lavori sono`} ancora in verifica o in corso e non compresi nel totale.` : '';
  const difference = payload.workReportDifference;
  const amount = (figures: { billedMinutes: number; grossCents: number }) => `${formatMinutes(figures.billedMinutes)} fatturati, ${formatEuroCents(figures.grossCents)} IVA inclusa`;
  const differenceLine = difference
    ? `Il rapportino d’intervento firmato il ${formatDateTime(difference.signedAt)} indicava in via provvisoria ${amount(difference.signed)}; l’addebito confermato è ${amount(difference.confirmed)}${difference.why.length > 0 ? `: ${difference.why.join(' ')}` : '.'}`
    : '';
  const expires = `Il modulo resta disponibile fino al ${formatDateTime(payload.feedbackExpiresAt)}.`;
  const portalUrl = `${settings.publicUrl}/portal/#/richieste`;
  const portalLine = `Le sue richieste, le risposte e le ore residue sono sempre sul portale clienti: ${portalUrl}`;

  const text = [
    `Gentile ${payload.customerName},`,
    '',
    `la richiesta ${ticket.number} «${ticket.subject}», aperta il ${formatDateTime(ticket.openedAt)}, è stata chiusa il ${formatDateTime(ticket.closedAt)}.`,
    ticket.cause && ticket.cause !== 'unknown' ? `Esito: ${causeLabels[ticket.cause]}.` : '',
    ticket.resolution ? `Soluzione: ${ticket.resolution}` : '',
    '',
    'Interventi',
    ...(described.length === 0
      ? ['- nessun intervento registrato']
      : described.flatMap((item) => [`- ${item.head}`, ...item.lines.map((line) => `  ${line}`), ...(item.notes ? [`  Note: ${item.notes}`] : [])])),
    ...(repairs.length > 0 ? ['', 'Riparazioni', ...repairs.flatMap((item) => [`- ${item.head}`, ...item.lines.map((line) => `  ${line}`)])] : []),
    '',
    totalLine,
    pendingLine,
    differenceLine,
    '',
    'Ore residue dopo questa chiusura',
    ...residualLines(residual).map((line) => `- ${line}`),
    '',
    `Ci dica com’è andata (un minuto): ${feedbackUrl}`,
    expires,
    '',
    portalLine,
  ]
    .filter((line, index, all) => line !== '' || (index > 0 && all[index - 1] !== ''))
    .join('\n');

  const body = html`
<h1 style="font-size: 1.3rem;">Richiesta ${ticket.number} chiusa</h1>
<p>Gentile ${payload.customerName},</p>
<p>la richiesta <strong>${ticket.number}</strong> «${ticket.subject}», aperta il ${formatDateTime(ticket.openedAt)}, è stata chiusa il ${formatDateTime(ticket.closedAt)}.</p>
${ticket.cause && ticket.cause !== 'unknown' ? html`<p>Esito: ${causeLabels[ticket.cause]}.</p>` : ''}
${ticket.resolution ? html`<p>Soluzione: ${ticket.resolution}</p>` : ''}
<h2 style="font-size: 1.1rem;">Interventi</h2>
${
  described.length === 0
    ? html`<p>Nessun intervento registrato.</p>`
    : html`<ul>${described.map(
        (item) => html`<li style="margin-bottom: 0.75rem;"><strong>${item.head}</strong><br>${item.lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}${item.notes ? html`<br><em>Note: ${item.notes}</em>` : ''}</li>`,
      )}</ul>`
}
${
  repairs.length > 0
    ? html`<h2 style="font-size: 1.1rem;">Riparazioni</h2><ul>${repairs.map(
        (item) => html`<li style="margin-bottom: 0.75rem;"><strong>${item.head}</strong><br>${item.lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}</li>`,
      )}</ul>`
    : ''
}
<p><strong>${totalLine}</strong></p>
${pendingLine ? html`<p>${pendingLine}</p>` : ''}
${differenceLine ? html`<p>${differenceLine}</p>` : ''}
<h2 style="font-size: 1.1rem;">Ore residue dopo questa chiusura</h2>
<ul>${residualLines(residual).map((line) => html`<li>${line}</li>`)}</ul>
<p><a href="${feedbackUrl}" style="display: inline-block; background: #0b5cad; color: #ffffff; padding: 0.6rem 1rem; border-radius: 4px; text-decoration: none;">Valuti l’assistenza ricevuta</a></p>
<p style="font-size: 0.9rem;">Oppure apra: ${feedbackUrl}<br>${expires}</p>
<p>Le sue richieste, le risposte e le ore residue sono sempre sul <a href="${portalUrl}">portale clienti</a>.</p>`;
  return { subject, text, html: mailDocument(subject, body) };
};
