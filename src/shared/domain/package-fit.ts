import { billingMonthBounds, nextBillingMonth, previousBillingMonth, type BillingMonth } from './billing-period.ts';

/**
 * Packages «commensurate with the account's average consumption» (the support model): a
 * customer's billed hours per month over the last six whole months, and the offer that covers
 * them. One definition for the portal and the lead's price list.
 */
export const consumptionMonths = 6;

/** The six whole months before `current`: the instants their work falls between. */
export const consumptionWindow = (current: BillingMonth): { months: BillingMonth[]; from: string; to: string } => {
  const months: BillingMonth[] = [];
  let month = current;
  for (let index = 0; index < consumptionMonths; index++) {
    month = previousBillingMonth(month);
    months.unshift(month);
  }
  const first = months[0] ?? previousBillingMonth(current);
  return { months, from: billingMonthBounds(first).from, to: billingMonthBounds(nextBillingMonth(months.at(-1) ?? first)).from };
};

/** Billed minutes per month on average over the window (reversals included), never below zero. */
export const averageMonthlyMinutes = (billedMinutesInWindow: number): number => Math.max(0, Math.round(billedMinutesInWindow / consumptionMonths));

/**
 * The offer that covers a monthly consumption for its whole validity: the smallest whose minutes
 * per month of validity reach the average; when none does, the largest. None without consumption.
 */
export const fittingOfferId = (offers: ReadonlyArray<{ id: string; minutes: number; validityMonths: number }>, monthlyMinutes: number): string | null => {
  if (monthlyMinutes <= 0 || offers.length === 0) return null;
  const bySize = [...offers].sort((a, b) => a.minutes - b.minutes || a.validityMonths - b.validityMonths);
  return (bySize.find((offer) => offer.minutes / offer.validityMonths >= monthlyMinutes) ?? bySize.at(-1))?.id ?? null;
};
