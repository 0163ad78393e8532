import { formatDay, formatEuroCents, formatMinutes } from '../../../shared/format.ts';
import type { WorkReport } from '../../../shared/work-report/work-report.ts';
import { html, mailDocument } from '../../html/html.ts';
import type { RenderedMail, RenderSettings } from './rendered-mail.ts';
import { ticketMailSubject } from './reply.ts';

/** The signed work report, mailed to the customer with its PDF and the way to the request on the portal. */
export const renderWorkReportMail = (report: WorkReport, pdf: Buffer, settings: RenderSettings): RenderedMail => {
  const { content, signature } = report;
  const subject = ticketMailSubject(content.ticket.number, `Rapportino d’intervento del ${formatDay(content.day)}`);
  const requestUrl = `${settings.publicUrl}/portal/#/richieste/${content.ticket.id}`;
  const who = signature.kind === 'signed' ? `firmato da ${signature.signerName}` : `non firmato (${signature.reason})`;
  const charge = content.totals.grossCents === 0 ? 'nessun addebito' : `${formatEuroCents(content.totals.grossCents)} IVA inclusa`;
  const lines = [
    `Gentile ${content.customer.name},`,
    '',
    `in allegato il rapportino dell’intervento di ${content.technician.name} del ${formatDay(content.day)} presso di voi, ${who}.`,
    `Tempo lavorato ${formatMinutes(content.totals.workedMinutes)}, tempo fatturato ${formatMinutes(content.totals.billedMinutes)}, ${charge}.`,
    content.provisionalNotice,
    '',
    `La richiesta e le nostre risposte sono sul portale clienti: ${requestUrl}`,
  ];
  const body = html`
<p>Gentile ${content.customer.name},</p>
<p>in allegato il rapportino dell’intervento di ${content.technician.name} del ${formatDay(content.day)} presso di voi, ${who}.</p>
<p>Tempo lavorato ${formatMinutes(content.totals.workedMinutes)}, tempo fatturato ${formatMinutes(content.totals.billedMinutes)}, ${charge}.</p>
<p style="color:#555">${content.provisionalNotice}</p>
<p>La richiesta e le nostre risposte sono sul <a href="${requestUrl}">portale clienti</a>.</p>`;
  return {
    subject,
    text: lines.join('\n'),
    html: mailDocument(subject, body),
    attachments: [{ filename: `rapportino-${content.ticket.number}-v${report.version}.pdf`, contentType: 'application/pdf', content: pdf }],
  };
};
