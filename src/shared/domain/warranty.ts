import { addMonths, parseDay } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';

export const standardWarrantyMonths = 12;
export const maximumWarrantyMonths = 36;

/**
 * Decision (domain rules §4): covered when the request day (Europe/Rome) is on or after the
 * purchase and strictly before purchase + months (calendar months). `expiresOn` is the first
 * day no longer covered. A device whose warranty data waits for a team lead's confirmation
 * (`warrantyReview`: registered on the spot by a technician, or a backdated receipt) is not
 * covered until then: the stricter verdict, so nothing is given away on a console's word.
 */
export const warrantyStatus = (
  device: { purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null },
  on: string,
): { covered: boolean; expiresOn: string } => {
  const months = device.warrantyMonths ?? standardWarrantyMonths;
  if (!Number.isInteger(months) || months < standardWarrantyMonths || months > maximumWarrantyMonths) {
    throw new DomainRangeError(
      `Durata della garanzia non valida: ${months} mesi (da ${standardWarrantyMonths} a ${maximumWarrantyMonths}).`,
    );
  }
  parseDay(on);
  const expiresOn = addMonths(device.purchaseDate, months);
  return { covered: !device.warrantyReview && device.purchaseDate <= on && on < expiresOn, expiresOn };
};

/**
 * Covered by its dates but waiting for a team lead's confirmation: what the screens call
 * «Garanzia da confermare» and the classification flags `warranty_unconfirmed`.
 */
export const warrantyAwaitsConfirmation = (device: { purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null }, on: string): boolean =>
  Boolean(device.warrantyReview) && warrantyStatus({ ...device, warrantyReview: null }, on).covered;

/**
 * A repair's warranty: the device's on the receiving day, the stricter verdict while either the
 * device's data or a backdated receipt day waits for a lead.
 */
export const repairWarrantyStatus = (
  device: { purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null },
  repair: { receivedOn: string; reviewReason?: string | null | undefined },
): { covered: boolean; expiresOn: string } => warrantyStatus({ ...device, warrantyReview: device.warrantyReview ?? repair.reviewReason ?? null }, repair.receivedOn);
