import type { Transaction } from 'kysely';
import { causeLabels } from '../../shared/model/enums.ts';
import { formatDateTime, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { activityCatalog, isActivityCode, tierLabels } from '../../shared/domain/index.ts';
import { newId } from '../../shared/ids.ts';
import { billingFiguresSchema } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

/** Where customers leave their feedback; the form itself is served by the portal. */
export const feedbackBaseUrl = (): string => process.env['PRESIDIO_PUBLIC_URL'] ?? 'https://assistenza.leotron.it';

/**
 * Queues the closure summary (domain rules §6): work done, time, classification, charges and a
 * link to the feedback form. Sending is the mail worker's job; a customer without an e-mail gets
 * nothing queued.
 */
export const buildClosureMail = async (trx: Transaction<ServerDatabase>, ticketId: string, now: Date): Promise<void> => {
  const ticket = await trx
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .select(['tickets.id', 'tickets.number', 'tickets.subject', 'tickets.resolution', 'tickets.cause', 'customers.name', 'customers.email'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  if (!ticket.email) return;
  const interventions = await trx
    .selectFrom('interventions')
    .select(['activity', 'started_at', 'billing_json'])
    .where('ticket_id', '=', ticketId)
    .orderBy('started_at')
    .execute();
  let totalGross = 0;
  const lines = interventions.map((intervention) => {
    const billing = intervention.billing_json ? billingFiguresSchema.parse(JSON.parse(intervention.billing_json)) : null;
    totalGross += billing?.grossCents ?? 0;
    const activity = isActivityCode(intervention.activity) ? activityCatalog[intervention.activity].label : intervention.activity;
    const time = billing ? formatMinutes(Math.floor(billing.workedSeconds / 60)) : '—';
    const verdict = billing ? tierLabels[billing.tier] : 'da valutare';
    const charge = billing && billing.grossCents !== 0 ? `, addebito ${formatEuroCents(billing.grossCents)} IVA inclusa` : '';
    return `- ${formatDateTime(intervention.started_at)} · ${activity} · ${time} · ${verdict}${charge}`;
  });
  const body = [
    `Gentile ${ticket.name},`,
    '',
    `la richiesta ${ticket.number} «${ticket.subject}» è stata chiusa.`,
    ticket.cause ? `Esito: ${causeLabels[ticket.cause]}.` : '',
    ticket.resolution ? `Soluzione: ${ticket.resolution}` : '',
    '',
    'Interventi:',
    ...(lines.length > 0 ? lines : ['- nessun intervento registrato']),
    '',
    `Totale addebitato: ${formatEuroCents(totalGross)} IVA inclusa.`,
    '',
    `Ci aiuti a migliorare: ${feedbackBaseUrl()}/feedback/${ticket.id}`,
  ]
    .filter((line, index, all) => line !== '' || all[index - 1] !== '')
    .join('\n');
  await trx
    .insertInto('mail_outbox')
    .values({
      id: newId(),
      ticket_id: ticket.id,
      recipient: ticket.email,
      subject: `Richiesta ${ticket.number} chiusa`,
      body,
      status: 'queued',
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
};
