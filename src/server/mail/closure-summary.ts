import type { Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { billingFiguresSchema } from '../../shared/sync/entities.ts';
import { customerFiguresOf } from '../../shared/model/customer-figures.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { feedbackValidityMs, newFeedbackToken } from '../feedback/feedback-token.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import type { ClosureMailPayload } from './mail-payloads.ts';
import { enqueueMail } from './mail-outbox.repository.ts';
import { readCustomerRepairs } from '../repairs/customer-repairs.repository.ts';
import { chargeDifference, workReportRowToWire, type ConfirmedCharge } from '../../shared/work-report/work-report.ts';

/** The last signed report's provisional charge against what the API confirmed for the same work. */
const readWorkReportDifference = async (trx: Transaction<ServerDatabase>, ticketId: string) => {
  const row = await trx.selectFrom('work_reports').selectAll().where('ticket_id', '=', ticketId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return null;
  const report = workReportRowToWire(row);
  const ids = report.content.interventions.map((item) => item.id);
  const work = await trx.selectFrom('interventions').select(['id', 'billing_json', 'review_reason', 'approved']).where('id', 'in', ids).execute();
  const confirmed = new Map<string, ConfirmedCharge>();
  for (const intervention of work) {
    if (!intervention.billing_json) continue;
    const billing = billingFiguresSchema.parse(JSON.parse(intervention.billing_json));
    confirmed.set(intervention.id, {
      billedMinutes: billing.billedMinutes,
      grossCents: billing.grossCents,
      reasons: billing.reasons,
      drawnMinutes: billing.allocation.filter((part) => part.source !== 'invoice').reduce((sum, part) => sum + part.minutes, 0),
    });
  }
  const difference = chargeDifference(report.content, confirmed);
  return difference ? { version: report.version, signedAt: report.createdAt, ...difference } : null;
};

/**
 * Queues the closure summary (domain rules §6) in the closing transaction, with the figures as they
 * stand at closure: each intervention with its time, classification and charge, the notes, the
 * residual hours, and a new one-use feedback link. A customer without an e-mail gets nothing.
 */
export const queueClosureSummary = async (trx: Transaction<ServerDatabase>, ticketId: string, now: Date): Promise<void> => {
  const ticket = await trx
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.resolution',
      'tickets.cause',
      'tickets.opened_at',
      'tickets.closed_at',
      'tickets.customer_id',
      'customers.name',
      'customers.email',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  if (!ticket.email) return;
  const interventions = await trx
    .selectFrom('interventions')
    .innerJoin('users', 'users.id', 'interventions.technician_id')
    .select(['interventions.started_at', 'interventions.mode', 'interventions.activity', 'interventions.notes', 'interventions.billing_json', 'users.display_name'])
    .where('interventions.ticket_id', '=', ticketId)
    .orderBy('interventions.started_at')
    .execute();
  const at = now.toISOString();
  const { token, hash } = newFeedbackToken();
  const expiresAt = new Date(now.getTime() + feedbackValidityMs).toISOString();
  await trx
    .insertInto('feedback_requests')
    .values({ id: newId(), ticket_id: ticket.id, token_hash: hash, created_at: at, expires_at: expiresAt, rating: null, comment: null, submitted_at: null })
    .execute();
  const { customerId: _customerId, ...residual } = await readHourBank(trx, ticket.customer_id);
  const payload = {
    customerName: ticket.name,
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      cause: ticket.cause,
      resolution: ticket.resolution,
      openedAt: ticket.opened_at,
      closedAt: ticket.closed_at ?? at,
    },
    interventions: interventions.map((row) => {
      const billing = row.billing_json ? billingFiguresSchema.parse(JSON.parse(row.billing_json)) : null;
      return {
        startedAt: row.started_at,
        mode: row.mode,
        activity: row.activity,
        notes: row.notes,
        technicianName: row.display_name,
        figures: billing ? customerFiguresOf(billing) : null,
      };
    }),
    residual,
    repairs: await readCustomerRepairs(trx, { customerId: ticket.customer_id, ticketId: ticket.id }),
    workReportDifference: await readWorkReportDifference(trx, ticket.id),
    feedbackToken: token,
    feedbackExpiresAt: expiresAt,
  } satisfies ClosureMailPayload;
  await enqueueMail(trx, { kind: 'closure', recipient: ticket.email, ticketId: ticket.id, customerId: ticket.customer_id, payload, at });
};
