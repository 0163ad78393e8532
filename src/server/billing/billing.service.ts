import type { Transaction } from 'kysely';
import {
  defaultBillingPolicy,
  evaluateIntervention,
  isActivityCode,
  type BillingPolicy,
  type HourBank,
} from '../../shared/domain/index.ts';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { BillingFigures } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ChangeRef } from '../sync/change-log.ts';
import { readHourBank } from '../sync/snapshots.ts';

type Trx = Transaction<ServerDatabase>;

/** Net minutes an intervention currently holds from each source (draws minus reversals). */
const currentDraws = async (trx: Trx, interventionId: string) => {
  const rows = await trx
    .selectFrom('hour_bank_ledger')
    .select(['source', 'package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('intervention_id', '=', interventionId)
    .groupBy(['source', 'package_id'])
    .execute();
  return rows.map((row) => ({ source: row.source, packageId: row.package_id, minutes: Number(row.minutes) })).filter((row) => row.minutes !== 0);
};

const bankWithout = (bank: HourBank, draws: Awaited<ReturnType<typeof currentDraws>>): HourBank => ({
  freeMinutes: bank.freeMinutes - draws.filter((d) => d.source === 'free').reduce((sum, d) => sum + d.minutes, 0),
  packages: bank.packages.map((item) => ({
    ...item,
    remainingMinutes: item.remainingMinutes - draws.filter((d) => d.source === 'package' && d.packageId === item.id).reduce((sum, d) => sum + d.minutes, 0),
  })),
});

/**
 * The central API's authoritative evaluation of one stopped intervention: classify it with the
 * shared rules, draw its billed minutes from the customer's hour bank (reversing what it drew
 * before), store the figures with the policy version, and audit any change to them.
 */
export const evaluateInterventionBilling = async (
  trx: Trx,
  input: { interventionId: string; actorId: string | null; reason: string; now: Date; policy?: BillingPolicy },
): Promise<ChangeRef[]> => {
  const policy = input.policy ?? defaultBillingPolicy;
  const intervention = await trx.selectFrom('interventions').selectAll().where('id', '=', input.interventionId).executeTakeFirst();
  if (!intervention) throw new AppFailure('not_found', 'Intervento non trovato.');
  if (intervention.status !== 'stopped') return [];
  // Implausible times (a very long segment, work reported days later) wait for a lead's approval.
  if (intervention.review_reason !== null && intervention.approved !== 1) return [];
  const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', intervention.ticket_id).executeTakeFirstOrThrow();
  // One evaluation per customer at a time: two interventions stopping together must not both
  // draw the same free minutes (PostgreSQL; SQLite has one writer anyway).
  await lockedIf(trx.selectFrom('customers').select('id').where('id', '=', ticket.customer_id), canLockRows(trx)).execute();
  const [contracts, segments, device] = await Promise.all([
    trx.selectFrom('contracts').select(['kind', 'valid_from', 'valid_to']).where('customer_id', '=', ticket.customer_id).execute(),
    trx.selectFrom('timer_segments').select(['started_at', 'ended_at']).where('intervention_id', '=', intervention.id).execute(),
    intervention.device_id
      ? trx.selectFrom('devices').select(['purchase_date', 'warranty_months']).where('id', '=', intervention.device_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  if (!isActivityCode(intervention.activity)) throw new AppFailure('invalid_argument', `Attività sconosciuta: ${intervention.activity}`);

  // Draws are negative ledger entries; the bank as if this intervention had drawn nothing yet.
  const previous = await currentDraws(trx, intervention.id);
  const bank = bankWithout(await readHourBank(trx, ticket.customer_id), previous);
  const evaluation = evaluateIntervention({
    classification: {
      at: intervention.started_at,
      activity: intervention.activity,
      mode: intervention.mode,
      cause: ticket.cause ?? 'unknown',
      contracts: contracts.map((c) => ({ kind: c.kind, validFrom: c.valid_from, validTo: c.valid_to })),
      blocking: ticket.blocking === 1,
      device: device ? { purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months } : null,
    },
    segments: segments.map((s) => ({ startedAt: s.started_at, endedAt: s.ended_at })),
    now: intervention.stopped_at ?? input.now,
    bank,
    policy,
  });
  const figures: BillingFigures = {
    policyVersion: evaluation.policyVersion,
    tier: evaluation.tier,
    reasons: evaluation.reasons,
    flags: evaluation.flags,
    workedSeconds: evaluation.workedSeconds,
    billedMinutes: evaluation.billedMinutes,
    allocation: evaluation.allocation,
    invoicedMinutes: evaluation.invoicedMinutes,
    netCents: evaluation.netCents,
    vatCents: evaluation.vatCents,
    grossCents: evaluation.grossCents,
    evaluatedAt: input.now.toISOString(),
  };

  const comparable = (json: string | null) => {
    if (!json) return null;
    const { evaluatedAt: _evaluatedAt, ...rest } = JSON.parse(json) as BillingFigures;
    return JSON.stringify(rest);
  };
  const { evaluatedAt: _ignored, ...newComparable } = figures;
  if (comparable(intervention.billing_json) === JSON.stringify(newComparable)) return [];

  const at = input.now.toISOString();
  const ledger: ServerDatabase['hour_bank_ledger'][] = [
    ...previous.map((draw) => ({
      id: newId(),
      customer_id: ticket.customer_id,
      entry_type: 'reversal' as const,
      source: draw.source,
      package_id: draw.packageId,
      minutes: -draw.minutes,
      intervention_id: intervention.id,
      reason: input.reason,
      author_id: input.actorId,
      created_at: at,
    })),
    ...evaluation.allocation.map((part) => ({
      id: newId(),
      customer_id: ticket.customer_id,
      entry_type: 'draw' as const,
      source: part.source,
      package_id: part.packageId ?? null,
      minutes: -part.minutes,
      intervention_id: intervention.id,
      reason: input.reason,
      author_id: input.actorId,
      created_at: at,
    })),
  ];
  if (ledger.length > 0) await trx.insertInto('hour_bank_ledger').values(ledger).execute();
  const billingJson = JSON.stringify(figures);
  await trx.updateTable('interventions').set({ billing_json: billingJson, updated_at: at }).where('id', '=', intervention.id).execute();
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: input.actorId,
      entity: 'intervention',
      entity_id: intervention.id,
      action: 'billing.evaluate',
      before_json: intervention.billing_json,
      after_json: billingJson,
      reason: input.reason,
      created_at: at,
    })
    .execute();

  await notifyExhaustedSources(trx, ticket.customer_id, bank, evaluation.allocation, at);
  return [
    { entity: 'intervention', id: intervention.id },
    { entity: 'hour_bank', id: ticket.customer_id },
  ];
};

/** Domain rules §5: the customer is told when the free allowance or a package runs out. */
const notifyExhaustedSources = async (
  trx: Trx,
  customerId: string,
  before: HourBank,
  allocation: ReturnType<typeof evaluateIntervention>['allocation'],
  at: string,
) => {
  const customer = await trx.selectFrom('customers').select(['email', 'name']).where('id', '=', customerId).executeTakeFirst();
  if (!customer?.email) return;
  const messages: string[] = [];
  const free = allocation.find((part) => part.source === 'free');
  if (free && before.freeMinutes > 0 && free.minutes === before.freeMinutes) {
    messages.push('Le ore gratuite di assistenza avanzata sono esaurite.');
  }
  for (const part of allocation.filter((item) => item.source === 'package')) {
    const item = before.packages.find((candidate) => candidate.id === part.packageId);
    if (item && item.remainingMinutes === part.minutes) messages.push('Un pacchetto di ore prepagate è esaurito.');
  }
  if (messages.length === 0) return;
  // The mail is tied to the most recent ticket of the customer for context in the outbox.
  const ticket = await trx.selectFrom('tickets').select('id').where('customer_id', '=', customerId).orderBy('opened_at', 'desc').executeTakeFirst();
  if (!ticket) return;
  await trx
    .insertInto('mail_outbox')
    .values({
      id: newId(),
      ticket_id: ticket.id,
      recipient: customer.email,
      subject: 'Monte ore di assistenza: aggiornamento',
      body: `Gentile ${customer.name},\n\n${messages.join('\n')}\nDa ora può acquistare un nuovo pacchetto di ore oppure ricevere gli interventi a consuntivo (80,00 € + IVA all’ora).\n`,
      status: 'queued',
      created_at: at,
      sent_at: null,
    })
    .execute();
};
