import { addDays, parseDay, romeDay } from '../../domain/calendar-day.ts';
import { warrantyStatus } from '../../domain/warranty.ts';
import { formatDay } from '../../format.ts';
import { AppFailure } from '../../result.ts';
import { isLead, type Actor } from '../rules.ts';
import type { DecisionContext } from './command-effects.ts';

/**
 * The one policy for instants and days a console reports that decide money (a segment's start,
 * the day a device was received, a device's purchase date). The server is the authority on time:
 * nothing may lie in its future (beyond the allowed skew); within the backdating tolerance a value
 * is accepted as given; beyond it the record is accepted but flagged for a team lead, billed
 * provisionally by the stricter verdict (or not at all, for timed work) and audited. Both ends
 * call these with the decider's clock (`DecisionContext`), so a console refuses and flags exactly
 * as the API will.
 */
const minute = 60_000;

/** Nothing may happen later than the decider's clock plus the allowed skew. */
export const assertNotInFuture = (at: string, context: DecisionContext, what: string): void => {
  if (Date.parse(at) > Date.parse(context.now) + context.policy.futureSkewMinutes * minute) {
    throw new AppFailure('invalid_argument', `${what}: l’orario indicato è nel futuro. Controlla data e ora di questa postazione.`);
  }
};

/** Work reported more than `backdateDays` after it happened. */
export const isBackdated = (at: string, context: DecisionContext): boolean => Date.parse(at) < Date.parse(context.now) - context.policy.backdateDays * 24 * 60 * minute;

export const backdatedWorkReason = (context: DecisionContext) => `Lavoro registrato oltre ${context.policy.backdateDays} giorni dopo l’esecuzione`;

/** The decider's calendar day (Europe/Rome), with the skew allowed to a console's clock. */
const latestAcceptableDay = (context: DecisionContext): string =>
  romeDay(new Date(Date.parse(context.now) + context.policy.futureSkewMinutes * minute));

/** A calendar day after the decider's today is refused: no device is received or bought tomorrow. */
export const assertDayNotInFuture = (day: string, context: DecisionContext, what: string): void => {
  parseDay(day);
  if (day > latestAcceptableDay(context)) {
    throw new AppFailure('invalid_argument', `${what}: la data ${formatDay(day)} è nel futuro. Controlla la data indicata.`);
  }
};

/** A day earlier than the tolerance allows: kept, but a lead must confirm it before it decides money. */
export const isBackdatedDay = (day: string, context: DecisionContext): boolean => day < addDays(romeDay(context.now), -context.policy.backdateDays);

export const backdatedReceiptReason = (day: string, context: DecisionContext) =>
  `Ricevimento indicato al ${formatDay(day)}, oltre ${context.policy.backdateDays} giorni prima della registrazione: la garanzia vale solo dopo la conferma del team leader`;

export const declaredWarrantyReason = 'Garanzia indicata dal tecnico alla registrazione del dispositivo: vale solo dopo la conferma del team leader';

/**
 * A device a technician registers on the spot (not a lead, not an import) whose purchase date
 * would put work under warranty today or later: the date is the customer's word, so the warranty
 * waits for a lead. Work on it meanwhile is priced as if out of warranty.
 */
export const registrationNeedsWarrantyReview = (actor: Actor, device: { purchaseDate: string; warrantyMonths: number }, context: DecisionContext): boolean =>
  !isLead(actor) && romeDay(context.now) < warrantyStatus(device, romeDay(context.now)).expiresOn;
