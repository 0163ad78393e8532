import { z } from 'zod';
import { addDays } from '../domain/calendar-day.ts';
import { repairStatusLabels, repairStatuses } from '../domain/repairs.ts';
import { tiers } from '../domain/tier.ts';
import { formatDay, formatEuroCents, formatMinutes } from '../format.ts';
import { hourBankWord, hourPotWords } from '../customer-words.ts';
import { minutesFromHours } from './customer-figures.ts';
import type { RepairBillingFigures, SyncedRepair } from '../sync/entities.ts';

/**
 * What a customer is told about one hardware repair (the portal, the closure mail): the device,
 * the defect, where the repair stands, the warranty verdict, and once the work is done, the charge.
 * One shape and one mapping for every place a customer reads it.
 */
export const customerRepairSchema = z.object({
  id: z.uuid(),
  ticketNumber: z.string().nullable(),
  deviceModel: z.string(),
  deviceSerial: z.string(),
  reportedDefect: z.string(),
  diagnosis: z.string(),
  status: z.enum(repairStatuses),
  receivedOn: z.string(),
  warranty: z.object({
    covered: z.boolean(),
    /** The first day no longer covered. */
    expiresOn: z.string(),
    /** The verdict waits for a team lead (a receipt or a purchase date to confirm): not yet applied. */
    awaitsConfirmation: z.boolean(),
  }),
  /** Null until the work is done and the API has priced it. */
  figures: z
    .object({
      tier: z.enum(tiers),
      reasons: z.array(z.string()),
      workedMinutes: z.int().nonnegative(),
      billedMinutes: z.int().nonnegative(),
      invoicedMinutes: z.int().nonnegative(),
      allocation: z.array(z.object({ source: z.enum(['free', 'package', 'invoice']), packageId: z.string().optional(), minutes: z.int() })),
      netCents: z.int(),
      vatCents: z.int(),
      grossCents: z.int(),
      transportBillable: z.boolean(),
      /** Spare parts and transport, VAT included (parts are covered inside the warranty). */
      partsGrossCents: z.int().default(0),
      partsCovered: z.boolean().default(false),
      transportGrossCents: z.int().default(0),
    })
    .nullable(),
});
export type CustomerRepair = z.infer<typeof customerRepairSchema>;

/** The labour's verdict unless only the restore was worked: what the customer reads as the repair's coverage. */
const repairTier = (billing: RepairBillingFigures) => (billing.labour.minutes === 0 && billing.restore.minutes > 0 ? billing.restore : billing.labour);

export const customerRepairOf = (
  repair: Pick<SyncedRepair, 'id' | 'reportedDefect' | 'diagnosis' | 'status' | 'receivedOn' | 'warrantyCovered' | 'warrantyExpiresOn' | 'billing' | 'reviewReason'>,
  device: { model: string; serial: string; warrantyReview: string | null },
  ticketNumber: string | null,
): CustomerRepair => {
  const billing = repair.billing;
  const verdict = billing ? repairTier(billing) : null;
  return {
    id: repair.id,
    ticketNumber,
    deviceModel: device.model,
    deviceSerial: device.serial,
    reportedDefect: repair.reportedDefect,
    diagnosis: repair.diagnosis,
    status: repair.status,
    receivedOn: repair.receivedOn,
    warranty: { covered: repair.warrantyCovered, expiresOn: repair.warrantyExpiresOn, awaitsConfirmation: !repair.warrantyCovered && (repair.reviewReason !== null || device.warrantyReview !== null) },
    figures:
      billing && verdict
        ? {
            tier: verdict.tier,
            reasons: [...new Set([...billing.labour.reasons.slice(0, 1), ...billing.restore.reasons.slice(0, billing.restore.minutes > 0 ? 1 : 0)])],
            workedMinutes: billing.labour.minutes + billing.restore.minutes,
            billedMinutes: billing.billedMinutes,
            invoicedMinutes: billing.invoicedMinutes,
            allocation: billing.allocation,
            netCents: billing.netCents,
            vatCents: billing.vatCents,
            grossCents: billing.grossCents,
            transportBillable: billing.transportBillable,
            partsGrossCents: billing.extras?.parts.grossCents ?? 0,
            partsCovered: billing.extras?.parts.covered ?? false,
            transportGrossCents: billing.extras?.transport.grossCents ?? 0,
          }
        : null,
  };
};

/** The warranty verdict in the customer's words. */
export const repairWarrantyWords = (warranty: CustomerRepair['warranty']): { label: string; tone: 'success' | 'info' | 'warning' } => {
  if (warranty.covered) return { label: `In garanzia fino al ${formatDay(addDays(warranty.expiresOn, -1))}`, tone: 'success' };
  if (warranty.awaitsConfirmation) return { label: 'Garanzia in verifica: la confermiamo prima dell’addebito', tone: 'info' };
  return { label: `Fuori garanzia: scaduta il ${formatDay(warranty.expiresOn)}`, tone: 'warning' };
};

/** Where a repair stands, in the customer's words. */
export const repairStatusWords = (status: CustomerRepair['status']): string => repairStatusLabels[status];

/** The charge of a finished repair in one line: nothing, or the time billed and the amount. */
export const repairChargeWords = (figures: NonNullable<CustomerRepair['figures']>): string => {
  const parts = figures.partsGrossCents > 0 ? ` Ricambi: ${formatEuroCents(figures.partsGrossCents)} IVA inclusa.` : figures.partsCovered ? ' Ricambi coperti dalla garanzia.' : '';
  const transport = figures.transportGrossCents > 0 ? ` Trasporto: ${formatEuroCents(figures.transportGrossCents)} IVA inclusa.` : '';
  const extras = `${parts}${transport}`;
  if (figures.billedMinutes === 0) return `Nessun addebito per la manodopera.${extras}`;
  const fromHours = minutesFromHours(figures);
  const drawn = [
    fromHours > 0 ? `${formatMinutes(fromHours)} dal ${hourBankWord}` : null,
    figures.invoicedMinutes > 0 ? `${formatMinutes(figures.invoicedMinutes)} ${hourPotWords.invoice}` : null,
  ].filter(Boolean);
  const money = figures.grossCents > 0 ? `${formatEuroCents(figures.grossCents)} IVA inclusa` : 'nessun importo da fatturare';
  return `tempo fatturato ${formatMinutes(figures.billedMinutes)} (${drawn.join(', ')}), ${money}.${extras}`;
};
