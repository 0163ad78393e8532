import { z } from 'zod';
import { tiers } from '../domain/tier.ts';
import type { BillingFigures } from './billing.schema.ts';

/**
 * What a customer is told about one intervention's billing (the closure mail, the portal): the
 * classification and why, worked and billed time, where the minutes came from, and the charge.
 * One shape and one mapping from the API's figures, for every place a customer reads them.
 */
export const customerFiguresSchema = z.object({
  tier: z.enum(tiers),
  reasons: z.array(z.string()),
  workedSeconds: z.int(),
  billedMinutes: z.int(),
  allocation: z.array(z.object({ source: z.enum(['free', 'package', 'invoice']), packageId: z.string().optional(), minutes: z.int() })),
  invoicedMinutes: z.int(),
  netCents: z.int(),
  vatCents: z.int(),
  grossCents: z.int(),
});
export type CustomerFigures = z.infer<typeof customerFiguresSchema>;

export const customerFiguresOf = (billing: BillingFigures): CustomerFigures => ({
  tier: billing.tier,
  reasons: billing.reasons,
  workedSeconds: billing.workedSeconds,
  billedMinutes: billing.billedMinutes,
  allocation: billing.allocation,
  invoicedMinutes: billing.invoicedMinutes,
  netCents: billing.netCents,
  vatCents: billing.vatCents,
  grossCents: billing.grossCents,
});

/** Minutes drawn from the free hours and packages (the rest is invoiced). */
export const minutesFromHours = (figures: Pick<CustomerFigures, 'allocation'>): number =>
  figures.allocation.filter((part) => part.source !== 'invoice').reduce((sum, part) => sum + part.minutes, 0);
