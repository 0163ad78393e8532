import { z } from 'zod';
import { romeDay, romeWallClockToInstant } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';

/** A statement month, `yyyy-MM`. */
export const billingMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mese non valido: usa aaaa-mm.');
export type BillingMonth = z.infer<typeof billingMonthSchema>;

/**
 * Decision (domain rules §5, "a consuntivo"): a charge belongs to the month (Europe/Rome) in which
 * the central API booked it, not to the month the work was done. A closed month therefore never
 * changes: work approved or corrected later appears, as an adjustment, in the month it was made.
 */
export const billingMonthOf = (bookedAt: Date | string): BillingMonth => romeDay(bookedAt).slice(0, 7);

/** The month after `month`. */
export const nextBillingMonth = (month: BillingMonth): BillingMonth => {
  const [year, monthNumber] = parseMonth(month);
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
};

/** The month before `month`. */
export const previousBillingMonth = (month: BillingMonth): BillingMonth => {
  const [year, monthNumber] = parseMonth(month);
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
};

/** The instants a month spans in Rome, as UTC ISO strings: from inclusive, to exclusive. */
export const billingMonthBounds = (month: BillingMonth): { from: string; to: string } => {
  parseMonth(month);
  return {
    from: romeWallClockToInstant(`${month}-01`, '00:00').toISOString(),
    to: romeWallClockToInstant(`${nextBillingMonth(month)}-01`, '00:00').toISOString(),
  };
};

/** The last calendar day of a month, `yyyy-MM-dd`. */
export const lastDayOfBillingMonth = (month: BillingMonth): string => {
  const [year, monthNumber] = parseMonth(month);
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** A month is closed once it is over in Rome: its statement is final. */
export const isBillingMonthClosed = (month: BillingMonth, now: Date | string): boolean => billingMonthOf(now) > month;

const parseMonth = (month: string): [number, number] => {
  if (!billingMonthSchema.safeParse(month).success) throw new DomainRangeError(`Mese non valido: ${month}.`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
};
