import type { Transaction } from 'kysely';
import {
  defaultBillingPolicy,
  evaluateIntervention,
  evaluateRepair,
  isActivityCode,
  isRepairChargeable,
  type Allocation,
  type BillingPolicy,
  type ContractOnFile,
  type HourBank,
} from '../../shared/domain/index.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { BillingFigures, RepairBillingFigures } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ChangeRef } from '../sync/change-log.ts';
import { readHourBank, readSupportCalendar } from '../sync/snapshots.ts';

type Trx = Transaction<ServerDatabase>;

/** Which piece of work a ledger entry belongs to. */
type Work = { entity: 'intervention'; id: string } | { entity: 'repair'; id: string };
const workColumn = (work: Work) => (work.entity === 'intervention' ? 'intervention_id' : 'repair_id');

/** Net minutes a piece of work currently holds from each source (draws minus reversals). */
const currentDraws = async (trx: Trx, work: Work) => {
  const rows = await trx
    .selectFrom('hour_bank_ledger')
    .select(['source', 'package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where(workColumn(work), '=', work.id)
    .groupBy(['source', 'package_id'])
    .execute();
  return rows
    .map((row) => ({ source: row.source, packageId: row.package_id, minutes: Number(row.minutes) }))
    .filter((row) => row.minutes !== 0);
};
type Draws = Awaited<ReturnType<typeof currentDraws>>;

const bankWithout = (bank: HourBank, draws: Draws): HourBank => ({
  freeMinutes:
    bank.freeMinutes - draws.filter((d) => d.source === 'free').reduce((sum, d) => sum + d.minutes, 0),
  packages: bank.packages.map((item) => ({
    ...item,
    remainingMinutes:
      item.remainingMinutes -
      draws
        .filter((d) => d.source === 'package' && d.packageId === item.id)
        .reduce((sum, d) => sum + d.minutes, 0),
  })),
});

/**
 * Locks the customer (two pieces of work evaluated together must not both draw the same free
 * minutes; SQLite has one writer anyway) and answers the hour bank as if this work had drawn
 * nothing yet, with what it holds now.
 */
const bankBeforeWork = async (trx: Trx, customerId: string, work: Work) => {
  await lockedIf(
    trx.selectFrom('customers').select('id').where('id', '=', customerId),
    canLockRows(trx),
  ).execute();
  const previous = await currentDraws(trx, work);
  return { previous, bank: bankWithout(await readHourBank(trx, customerId), previous) };
};

/** The stored figures without their evaluation instant: what decides whether anything changed. */
const comparableFigures = (json: string | null): string | null => {
  if (!json) return null;
  const { evaluatedAt: _evaluatedAt, ...rest } = JSON.parse(json) as { evaluatedAt?: string };
  return JSON.stringify(rest);
};

/** The charge part of stored figures, the same for interventions and repairs (their key order is part of the comparison). */
const chargeFigures = (
  evaluation: Pick<
    BillingFigures,
    'billedMinutes' | 'allocation' | 'invoicedMinutes' | 'netCents' | 'vatCents' | 'grossCents'
  >,
  evaluatedAt: string,
) => ({
  billedMinutes: evaluation.billedMinutes,
  allocation: evaluation.allocation,
  invoicedMinutes: evaluation.invoicedMinutes,
  netCents: evaluation.netCents,
  vatCents: evaluation.vatCents,
  grossCents: evaluation.grossCents,
  evaluatedAt,
});

/**
 * Stores a new evaluation of one piece of work when its figures changed: reverses what it drew,
 * draws the new allocation, stores the figures on the work's row, audits the change and tells the
 * customer when a source runs out. Answers the rows the consoles must learn about.
 */
const chargeWork = async (
  trx: Trx,
  input: {
    work: Work;
    customerId: string;
    previous: Draws;
    bank: HourBank;
    allocation: readonly Allocation[];
    stored: string | null;
    figures: BillingFigures | RepairBillingFigures;
    actorId: string | null;
    reason: string;
    at: string;
  },
): Promise<ChangeRef[]> => {
  const after = JSON.stringify(input.figures);
  if (comparableFigures(input.stored) === comparableFigures(after)) return [];
  const owner = {
    intervention_id: input.work.entity === 'intervention' ? input.work.id : null,
    repair_id: input.work.entity === 'repair' ? input.work.id : null,
  };
  const entry = {
    customer_id: input.customerId,
    ...owner,
    reason: input.reason,
    author_id: input.actorId,
    created_at: input.at,
  };
  const ledger: ServerDatabase['hour_bank_ledger'][] = [
    ...input.previous.map((draw) => ({
      id: newId(),
      ...entry,
      entry_type: 'reversal' as const,
      source: draw.source,
      package_id: draw.packageId,
      minutes: -draw.minutes,
    })),
    ...input.allocation.map((part) => ({
      id: newId(),
      ...entry,
      entry_type: 'draw' as const,
      source: part.source,
      package_id: part.packageId ?? null,
      minutes: -part.minutes,
    })),
  ];
  if (ledger.length > 0) await trx.insertInto('hour_bank_ledger').values(ledger).execute();
  const stored = { billing_json: after, updated_at: input.at };
  if (input.work.entity === 'intervention')
    await trx.updateTable('interventions').set(stored).where('id', '=', input.work.id).execute();
  else await trx.updateTable('repairs').set(stored).where('id', '=', input.work.id).execute();
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: input.actorId,
      entity: input.work.entity,
      entity_id: input.work.id,
      action: 'billing.evaluate',
      before_json: input.stored,
      after_json: after,
      reason: input.reason,
      created_at: input.at,
    })
    .execute();
  await notifyExhaustedSources(trx, input.customerId, input.bank, input.allocation, input.at);
  return [
    { entity: input.work.entity, id: input.work.id },
    { entity: 'hour_bank', id: input.customerId },
  ];
};

/**
 * The central API's authoritative evaluation of one stopped intervention: classify it with the
 * shared rules, draw its billed minutes from the customer's hour bank (reversing what it drew
 * before), store the figures with the policy version, and audit any change to them.
 */
export const evaluateInterventionBilling = async (
  trx: Trx,
  input: {
    interventionId: string;
    actorId: string | null;
    reason: string;
    now: Date;
    policy?: BillingPolicy;
  },
): Promise<ChangeRef[]> => {
  const policy = input.policy ?? defaultBillingPolicy;
  const intervention = await trx
    .selectFrom('interventions')
    .selectAll()
    .where('id', '=', input.interventionId)
    .executeTakeFirst();
  if (!intervention) throw new AppFailure('not_found', 'Intervento non trovato.');
  if (intervention.status !== 'stopped') return [];
  // Implausible times (a very long segment, work reported days later) wait for a lead's approval.
  if (intervention.review_reason !== null && intervention.approved !== 1) return [];
  const ticket = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', intervention.ticket_id)
    .executeTakeFirstOrThrow();
  const work: Work = { entity: 'intervention', id: intervention.id };
  const { previous, bank } = await bankBeforeWork(trx, ticket.customer_id, work);
  const [contracts, segments, device, calendar] = await Promise.all([
    contractsOf(trx, ticket.customer_id),
    trx
      .selectFrom('timer_segments')
      .select(['started_at', 'ended_at'])
      .where('intervention_id', '=', intervention.id)
      .execute(),
    intervention.device_id
      ? trx
          .selectFrom('devices')
          .select(['purchase_date', 'warranty_months'])
          .where('id', '=', intervention.device_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    readSupportCalendar(trx),
  ]);
  if (!isActivityCode(intervention.activity))
    throw new AppFailure('invalid_argument', `Attività sconosciuta: ${intervention.activity}`);

  const evaluation = evaluateIntervention({
    classification: {
      at: intervention.started_at,
      activity: intervention.activity,
      mode: intervention.mode,
      cause: ticket.cause ?? 'unknown',
      contracts,
      blocking: ticket.blocking === 1,
      device: device ? { purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months } : null,
      calendar,
    },
    segments: segments.map((s) => ({ startedAt: s.started_at, endedAt: s.ended_at })),
    now: intervention.stopped_at ?? input.now,
    bank,
    policy,
  });
  const at = input.now.toISOString();
  const figures: BillingFigures = {
    policyVersion: evaluation.policyVersion,
    calendarVersion: calendar.version,
    tier: evaluation.tier,
    reasons: evaluation.reasons,
    flags: evaluation.flags,
    workedSeconds: evaluation.workedSeconds,
    ...chargeFigures(evaluation, at),
  };
  const { actorId, reason } = input;
  return chargeWork(trx, {
    work,
    customerId: ticket.customer_id,
    previous,
    bank,
    allocation: evaluation.allocation,
    stored: intervention.billing_json,
    figures,
    actorId,
    reason,
    at,
  });
};

/**
 * The same for a repair once its work is done (ready, returned or rejected): labour and restore
 * classified with the shared rules at the instants they were logged, drawn through the same ledger.
 */
export const evaluateRepairBilling = async (
  trx: Trx,
  input: { repairId: string; actorId: string | null; reason: string; now: Date; policy?: BillingPolicy },
): Promise<ChangeRef[]> => {
  const repair = await trx
    .selectFrom('repairs')
    .selectAll()
    .where('id', '=', input.repairId)
    .executeTakeFirst();
  if (!repair) throw new AppFailure('not_found', 'Riparazione non trovata.');
  if (!isRepairChargeable(repair.status)) return [];
  const work: Work = { entity: 'repair', id: repair.id };
  const { previous, bank } = await bankBeforeWork(trx, repair.customer_id, work);
  const [contracts, device, calendar] = await Promise.all([
    contractsOf(trx, repair.customer_id),
    trx
      .selectFrom('devices')
      .select(['purchase_date', 'warranty_months'])
      .where('id', '=', repair.device_id)
      .executeTakeFirstOrThrow(),
    readSupportCalendar(trx),
  ]);
  const wire = repairRowToWire(repair);
  const evaluation = evaluateRepair({
    work: wire,
    device: { purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months },
    contracts,
    bank,
    now: repair.updated_at,
    calendar,
    ...(input.policy ? { policy: input.policy } : {}),
  });
  const at = input.now.toISOString();
  const figures: RepairBillingFigures = {
    policyVersion: evaluation.policyVersion,
    calendarVersion: calendar.version,
    labour: evaluation.labour,
    restore: evaluation.restore,
    transportBillable: evaluation.transportBillable,
    ...chargeFigures(evaluation, at),
  };
  const { actorId, reason } = input;
  return chargeWork(trx, {
    work,
    customerId: repair.customer_id,
    previous,
    bank,
    allocation: evaluation.allocation,
    stored: repair.billing_json,
    figures,
    actorId,
    reason,
    at,
  });
};

const contractsOf = async (trx: Trx, customerId: string): Promise<ContractOnFile[]> =>
  (
    await trx
      .selectFrom('contracts')
      .select(['kind', 'valid_from', 'valid_to'])
      .where('customer_id', '=', customerId)
      .execute()
  ).map((c) => ({
    kind: c.kind,
    validFrom: c.valid_from,
    validTo: c.valid_to,
  }));

/** Domain rules §5: the customer is told when the free allowance or a package runs out. */
const notifyExhaustedSources = async (
  trx: Trx,
  customerId: string,
  before: HourBank,
  allocation: readonly Allocation[],
  at: string,
) => {
  const customer = await trx
    .selectFrom('customers')
    .select(['email', 'name'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer?.email) return;
  const messages: string[] = [];
  const free = allocation.find((part) => part.source === 'free');
  if (free && before.freeMinutes > 0 && free.minutes === before.freeMinutes) {
    messages.push('Le ore gratuite di assistenza avanzata sono esaurite.');
  }
  for (const part of allocation.filter((item) => item.source === 'package')) {
    const item = before.packages.find((candidate) => candidate.id === part.packageId);
    if (item && item.remainingMinutes === part.minutes)
      messages.push('Un pacchetto di ore prepagate è esaurito.');
  }
  if (messages.length === 0) return;
  // The mail is tied to the most recent ticket of the customer for context in the outbox.
  const ticket = await trx
    .selectFrom('tickets')
    .select('id')
    .where('customer_id', '=', customerId)
    .orderBy('opened_at', 'desc')
    .executeTakeFirst();
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
