import { z } from 'zod';
import { tiers } from '../domain/tier.ts';
import { calendarDaySchema, instantSchema } from './calendar-day.ts';

const allocationSchema = z.array(
  z.object({
    source: z.enum(['free', 'package', 'invoice']),
    packageId: z.string().optional(),
    minutes: z.int(),
  }),
);

const classificationShape = { tier: z.enum(tiers), reasons: z.array(z.string()), flags: z.array(z.string()) };

/** What a piece of work is charged and where its minutes are drawn from, with when the API decided it. */
const chargeShape = {
  billedMinutes: z.int().nonnegative(),
  allocation: allocationSchema,
  invoicedMinutes: z.int().nonnegative(),
  netCents: z.int(),
  vatCents: z.int(),
  grossCents: z.int(),
  evaluatedAt: instantSchema,
};

/** The central API's authoritative figures for one intervention, as stored and shown. */
export const billingFiguresSchema = z.object({
  policyVersion: z.string(),
  /** The support calendar's version the classification used (absent in figures from before the calendar was data). */
  calendarVersion: z.string().optional(),
  ...classificationShape,
  workedSeconds: z.int().nonnegative(),
  ...chargeShape,
});
export type BillingFigures = z.infer<typeof billingFiguresSchema>;

const repairWorkFiguresSchema = z.object({ ...classificationShape, minutes: z.int().nonnegative() });

const moneyShape = { netCents: z.int(), vatCents: z.int(), grossCents: z.int() };

/** A spare part fitted in a repair, with its net unit price (the statement's line). */
export const repairPartSchema = z.object({
  id: z.uuid(),
  description: z.string().min(1).max(120),
  quantity: z.int().min(1).max(999),
  unitCents: z.int().min(0).max(10_000_000),
});

/** Parts and transport: priced in money, never drawn from the hours (absent in figures from before they were). */
export const repairExtrasSchema = z.object({
  parts: z.object({ ...moneyShape, covered: z.boolean(), lines: z.array(repairPartSchema.extend({ netCents: z.int() })) }),
  transport: z.object({ ...moneyShape, billable: z.boolean() }),
});

/** The central API's authoritative figures for one repair's labour and restore, drawn like an intervention's. */
export const repairBillingFiguresSchema = z.object({
  policyVersion: z.string(),
  calendarVersion: z.string().optional(),
  labour: repairWorkFiguresSchema,
  restore: repairWorkFiguresSchema,
  ...chargeShape,
  transportBillable: z.boolean(),
  extras: repairExtrasSchema.optional(),
});
export type RepairBillingFigures = z.infer<typeof repairBillingFiguresSchema>;

/** A customer's residual free hours and prepaid packages, derived from the ledger by the central API. */
export const hourBankViewSchema = z.object({
  freeMinutes: z.int(),
  packages: z.array(
    z.object({
      id: z.uuid(),
      remainingMinutes: z.int(),
      totalMinutes: z.int(),
      purchasedOn: calendarDaySchema,
      expiresOn: calendarDaySchema.optional(),
    }),
  ),
});
export type HourBankView = z.infer<typeof hourBankViewSchema>;
