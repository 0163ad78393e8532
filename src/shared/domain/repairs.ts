import { billedMinutes, defaultBillingPolicy, price, withVat, type BillingPolicy } from './billing.ts';
import { romeDay } from './calendar-day.ts';
import { classify, type ContractOnFile } from './classify.ts';
import type { SupportCalendar } from './support-calendar.ts';
import { allocateHours, type HourBank } from './hour-bank.ts';
import type { Tier } from './tier.ts';
import { repairWarrantyStatus } from './warranty.ts';

/** The repair workflow (domain rules §4): received → diagnosing → repairing → ready → returned, or rejected. */
export const repairStatuses = ['received', 'diagnosing', 'repairing', 'ready', 'returned', 'rejected'] as const;
export type RepairStatus = (typeof repairStatuses)[number];

export const repairStatusLabels = {
  received: 'Ricevuto',
  diagnosing: 'In diagnosi',
  repairing: 'In riparazione',
  ready: 'Pronto per la restituzione',
  returned: 'Restituito',
  rejected: 'Rifiutato',
} as const satisfies Record<RepairStatus, string>;

const forward: Partial<Record<RepairStatus, RepairStatus>> = {
  received: 'diagnosing',
  diagnosing: 'repairing',
  repairing: 'ready',
  ready: 'returned',
};

/** The statuses a repair may move to next: one step forward, or rejected while not yet returned. */
export const nextRepairStatuses = (current: RepairStatus): RepairStatus[] => {
  const next = forward[current];
  const open = !isRepairClosed(current);
  return [...(next ? [next] : []), ...(open && current !== 'ready' ? ['rejected' as const] : [])];
};

/** Returned or rejected: nothing about the repair changes any more. */
export const isRepairClosed = (status: RepairStatus): boolean => status === 'returned' || status === 'rejected';

export const canMoveRepair = (from: RepairStatus, to: RepairStatus): boolean => nextRepairStatuses(from).includes(to);

/** The repair's own work as the record holds it: minutes and the instant each was logged. */
export type RepairWork = {
  receivedOn: string;
  labourMinutes: number;
  restoreMinutes: number;
  transport: boolean;
  labourLoggedAt: string | null;
  restoreLoggedAt: string | null;
  /** A backdated receipt not yet confirmed by a team lead: the warranty is not applied meanwhile. */
  reviewReason?: string | null;
  /** Spare parts fitted, each with its net unit price. */
  partsUsed?: ReadonlyArray<RepairPart>;
  /** The transport's net price as a lead set it; null: the policy's flat fee. */
  transportNetCents?: number | null;
};

export type RepairPart = { id: string; description: string; quantity: number; unitCents: number };

type Money = { netCents: number; vatCents: number; grossCents: number };
export type RepairExtras = {
  /** Inside the warranty the parts are covered (nothing charged); outside they are sold at their price. */
  parts: Money & { covered: boolean; lines: Array<RepairPart & { netCents: number }> };
  /** Never covered, by the warranty or by J-System (domain rules §4). */
  transport: Money & { billable: boolean };
};

const noMoney: Money = { netCents: 0, vatCents: 0, grossCents: 0 };

/**
 * What a repair costs in money besides its labour: spare parts (covered inside the warranty) and
 * transport (a price a lead set, or the policy's flat fee). Never drawn from the hour bank.
 */
export const repairExtras = (work: Pick<RepairWork, 'partsUsed' | 'transport' | 'transportNetCents'>, warrantyCovered: boolean, policy: BillingPolicy = defaultBillingPolicy): RepairExtras => {
  const lines = (work.partsUsed ?? []).map((part) => ({ ...part, netCents: warrantyCovered ? 0 : part.quantity * part.unitCents }));
  const partsNet = lines.reduce((sum, line) => sum + line.netCents, 0);
  const transportNet = work.transport ? (work.transportNetCents ?? policy.transportFeeCents) : 0;
  return {
    parts: { covered: warrantyCovered && lines.length > 0, lines, ...(partsNet > 0 ? withVat(partsNet, policy) : noMoney) },
    transport: { billable: work.transport, ...(transportNet > 0 ? withVat(transportNet, policy) : noMoney) },
  };
};

/** Only finished work is charged: figures are drawn once the repair is ready (or closed). */
export const isRepairChargeable = (status: RepairStatus): boolean => status === 'ready' || status === 'returned' || status === 'rejected';

/**
 * What a repair costs the customer (domain rules §4, decisions in docs/domain-decisions.md).
 * Labour follows `classify('warranty_repair')` at the instant it was logged, with the warranty
 * verdict of the receiving day; OS/software restore follows `classify('os_software_restore')`
 * (J-System labour, otherwise billable, never warranty). The repair is one intervention: minutes
 * of the same tier are billed together (one minimum hour, one J-System hour included), then drawn
 * from the hour bank like an intervention's. Transport is billable but has no rate: it is flagged.
 * The console calls it for provisional figures; the central API for the authoritative ones.
 */
export const evaluateRepair = (input: {
  work: RepairWork;
  device: { purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null };
  contracts: readonly ContractOnFile[];
  bank: HourBank;
  /** When nothing is logged yet (a preview), the work is classified as if logged now. */
  now: Date | string;
  policy?: BillingPolicy;
  calendar?: SupportCalendar;
}) => {
  const policy = input.policy ?? defaultBillingPolicy;
  const { work } = input;
  // An unconfirmed receipt day is judged like an unconfirmed device: the stricter verdict.
  const device = { ...input.device, warrantyReview: input.device.warrantyReview ?? work.reviewReason ?? null };
  const warranty = repairWarrantyStatus(input.device, work);
  const base = {
    // In the vendor's own lab.
    mode: 'vendor_site' as const,
    cause: 'vendor' as const,
    contracts: input.contracts,
    device,
    warrantyDay: work.receivedOn,
    // Bench work (domain rules §1): priced as on the receiving day, never by when its minutes are typed in.
    benchWork: true,
    extendedIncludedMinutes: policy.extendedIncludedMinutes,
    ...(input.calendar ? { calendar: input.calendar } : {}),
  };
  const labourAt = work.labourLoggedAt ?? input.now;
  const restoreAt = work.restoreLoggedAt ?? input.now;
  const labour = classify({ ...base, at: labourAt, activity: 'warranty_repair' });
  const restore = classify({ ...base, at: restoreAt, activity: 'os_software_restore' });

  const minutesByTier = new Map<Tier, number>();
  minutesByTier.set(labour.tier, work.labourMinutes);
  minutesByTier.set(restore.tier, (minutesByTier.get(restore.tier) ?? 0) + work.restoreMinutes);
  let billed = 0;
  for (const [tier, minutes] of minutesByTier) billed += billedMinutes(minutes * 60, tier, policy);

  const lastLogged = [work.labourLoggedAt, work.restoreLoggedAt].filter((at): at is string => at !== null).sort().at(-1) ?? input.now;
  const allocation = allocateHours(billed, input.bank, romeDay(lastLogged));
  const invoicedMinutes = allocation.filter((part) => part.source === 'invoice').reduce((sum, part) => sum + part.minutes, 0);
  return {
    policyVersion: policy.version,
    warranty,
    labour: { ...labour, minutes: work.labourMinutes },
    restore: { ...restore, minutes: work.restoreMinutes },
    billedMinutes: billed,
    allocation,
    invoicedMinutes,
    ...price(invoicedMinutes, policy),
    transportBillable: work.transport,
    extras: repairExtras(work, warranty.covered, policy),
  };
};
export type RepairEvaluation = ReturnType<typeof evaluateRepair>;
