import type { Transaction } from 'kysely';
import {
  bankWithout,
  evaluateIntervention,
  evaluateRepair,
  isRepairChargeable,
  policyOn,
  romeDay,
  type Allocation,
  type BillingPolicy,
  type ContractOnFile,
  type HourBank,
} from '../../shared/domain/index.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';
import { classificationInput } from '../../shared/model/classification-input.ts';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { BillingFigures, RepairBillingFigures } from '../../shared/sync/entities.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { flagOf } from '../../shared/db/nullable-flag.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import { readSupportCalendar } from '../calendar/calendar.repository.ts';
import { readPolicyVersions } from './billing-policy.repository.ts';
import { queueHourBankNotices } from '../mail/hour-bank-notices.ts';

type Trx = Transaction<ServerDatabase>;

/** Which piece of work a ledger entry belongs to. */
type Work = { entity: 'intervention'; id: string } | { entity: 'repair'; id: string };
const workColumn = (work: Work) => (work.entity === 'intervention' ? 'intervention_id' : 'repair_id');

/**
 * Minutes a piece of work currently holds from each pot. The ledger books a draw negative and its
 * reversal positive; the shared arithmetic speaks of held minutes (positive), so the sums are
 * negated here, once.
 */
const currentDraws = async (trx: Trx, work: Work) => {
  const rows = await trx
    .selectFrom('hour_bank_ledger')
    .select(['source', 'package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where(workColumn(work), '=', work.id)
    .groupBy(['source', 'package_id'])
    .execute();
  return rows
    .map((row) => ({ source: row.source, packageId: row.package_id, minutes: -Number(row.minutes) }))
    .filter((row) => row.minutes !== 0);
};
type Draws = Awaited<ReturnType<typeof currentDraws>>;

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

/** The activities a repair's money lines are booked under (the statement names them). */
export const repairPartsActivity = 'repair_parts';
export const repairTransportActivity = 'repair_transport';

type Charge = { billed_minutes: number; invoiced_minutes: number; net_cents: number; vat_cents: number; gross_cents: number };
const invoicedFields = ['invoiced_minutes', 'net_cents', 'vat_cents', 'gross_cents'] as const;

/**
 * Books what a piece of work is invoiced in the append-only billing entries the monthly statement
 * reads: when its invoiced figures change, the previous charge is reversed and the new one booked,
 * both at this instant. A closed month never changes; a correction shows in the month it was made.
 */
const bookBillingEntries = async (
  trx: Trx,
  input: { work: Work; customerId: string; ticketId: string | null; workAt: string; activity: string; description: string | null; charge: Charge; policyVersion: string; at: string },
): Promise<void> => {
  const column = workColumn(input.work);
  // Per activity: a repair's labour, parts and transport are booked (and corrected) apart.
  const booked = await trx
    .selectFrom('billing_entries')
    .select([
      (eb) => eb.fn.sum<number>('billed_minutes').as('billed_minutes'),
      (eb) => eb.fn.sum<number>('invoiced_minutes').as('invoiced_minutes'),
      (eb) => eb.fn.sum<number>('net_cents').as('net_cents'),
      (eb) => eb.fn.sum<number>('vat_cents').as('vat_cents'),
      (eb) => eb.fn.sum<number>('gross_cents').as('gross_cents'),
      (eb) => eb.fn.max('policy_version').as('policy_version'),
    ])
    .where(column, '=', input.work.id)
    .where('activity', '=', input.activity)
    .executeTakeFirst();
  const before: Charge = {
    billed_minutes: Number(booked?.billed_minutes ?? 0),
    invoiced_minutes: Number(booked?.invoiced_minutes ?? 0),
    net_cents: Number(booked?.net_cents ?? 0),
    vat_cents: Number(booked?.vat_cents ?? 0),
    gross_cents: Number(booked?.gross_cents ?? 0),
  };
  const after = input.charge;
  if (invoicedFields.every((field) => before[field] === after[field])) return;
  const entry = (type: 'charge' | 'reversal', charge: Charge, policyVersion: string) => ({
    id: newId(),
    customer_id: input.customerId,
    ticket_id: input.ticketId,
    intervention_id: input.work.entity === 'intervention' ? input.work.id : null,
    repair_id: input.work.entity === 'repair' ? input.work.id : null,
    entry_type: type,
    work_at: input.workAt,
    activity: input.activity,
    description: input.description,
    ...charge,
    policy_version: policyVersion,
    booked_at: input.at,
  });
  const entries = [];
  if (invoicedFields.some((field) => before[field] !== 0))
    entries.push(
      entry(
        'reversal',
        { billed_minutes: -before.billed_minutes, invoiced_minutes: -before.invoiced_minutes, net_cents: -before.net_cents, vat_cents: -before.vat_cents, gross_cents: -before.gross_cents },
        String(booked?.policy_version ?? input.policyVersion),
      ),
    );
  if (invoicedFields.some((field) => after[field] !== 0)) entries.push(entry('charge', after, input.policyVersion));
  if (entries.length > 0) await trx.insertInto('billing_entries').values(entries).execute();
};

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
    /** What the monthly statement says about this work. */
    statement: { ticketId: string | null; workAt: string; activity: string };
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
      // Gives back what the work held: the opposite of its draws.
      minutes: draw.minutes,
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
  const { figures } = input;
  const book = (activity: string, description: string | null, charge: Charge) =>
    bookBillingEntries(trx, { ...input.statement, activity, description, charge, work: input.work, customerId: input.customerId, policyVersion: figures.policyVersion, at: input.at });
  await book(input.statement.activity, null, {
    billed_minutes: figures.billedMinutes,
    invoiced_minutes: figures.invoicedMinutes,
    net_cents: figures.netCents,
    vat_cents: figures.vatCents,
    gross_cents: figures.grossCents,
  });
  // A repair's parts and transport are money, not time: their own statement lines.
  if ('extras' in figures && figures.extras) {
    const { parts, transport } = figures.extras;
    const money = (part: { netCents: number; vatCents: number; grossCents: number }): Charge => ({ billed_minutes: 0, invoiced_minutes: 0, net_cents: part.netCents, vat_cents: part.vatCents, gross_cents: part.grossCents });
    await book(repairPartsActivity, parts.lines.map((line) => `${line.description} × ${line.quantity}`).join(', ') || null, money(parts));
    await book(repairTransportActivity, transport.billable ? 'Trasporto tra cliente e fornitore' : null, money(transport));
  }
  await queueHourBankNotices(trx, input.customerId, input.allocation, input.at);
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
  const intervention = await trx
    .selectFrom('interventions')
    .selectAll()
    .where('id', '=', input.interventionId)
    .executeTakeFirst();
  if (!intervention) throw new AppFailure('not_found', 'Intervento non trovato.');
  if (intervention.status !== 'stopped') return [];
  // Implausible times (a very long segment, work reported days later) wait for a lead's approval.
  if (intervention.review_reason !== null && intervention.approved !== 1) return [];
  // The policy in effect on the day the work started: a later rate never reprices it.
  const policy = input.policy ?? policyOn(await readPolicyVersions(trx), romeDay(intervention.started_at));
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
          .select(['purchase_date', 'warranty_months', 'warranty_review'])
          .where('id', '=', intervention.device_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    readSupportCalendar(trx),
  ]);
  const evaluation = evaluateIntervention({
    classification: classificationInput({
      startedAt: intervention.started_at,
      activity: intervention.activity,
      mode: intervention.mode,
      cause: ticket.cause,
      blocking: ticket.blocking === 1,
      contracts,
      device: device ? { purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months, warrantyReview: device.warranty_review } : null,
      calendar,
      softwareUpToDate: flagOf(intervention.software_up_to_date),
      conformingSetup: flagOf(intervention.conforming_setup),
    }),
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
    statement: { ticketId: ticket.id, workAt: intervention.started_at, activity: intervention.activity },
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
      .select(['purchase_date', 'warranty_months', 'warranty_review'])
      .where('id', '=', repair.device_id)
      .executeTakeFirstOrThrow(),
    readSupportCalendar(trx),
  ]);
  const wire = repairRowToWire(repair);
  const evaluation = evaluateRepair({
    work: wire,
    device: { purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months, warrantyReview: device.warranty_review },
    contracts,
    bank,
    now: repair.updated_at,
    calendar,
    // Bench work is priced as on its receiving day, the policy included.
    policy: input.policy ?? policyOn(await readPolicyVersions(trx), repair.received_on),
  });
  const at = input.now.toISOString();
  const figures: RepairBillingFigures = {
    policyVersion: evaluation.policyVersion,
    calendarVersion: calendar.version,
    labour: evaluation.labour,
    restore: evaluation.restore,
    transportBillable: evaluation.transportBillable,
    ...chargeFigures(evaluation, at),
    extras: evaluation.extras,
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
    statement: { ticketId: repair.ticket_id, workAt: repair.labour_logged_at ?? repair.restore_logged_at ?? repair.updated_at, activity: 'repair' },
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
