import { isActivityCode, type ClassifyInput, type ContractOnFile, type SupportCalendar } from '../domain/index.ts';
import { DomainRangeError } from '../domain/domain-range-error.ts';

/** What either end knows about one intervention and its ticket, in the wire's words. */
export type InterventionFacts = {
  startedAt: string;
  activity: string;
  mode: ClassifyInput['mode'];
  cause: ClassifyInput['cause'] | null;
  blocking: boolean;
  contracts: ReadonlyArray<ContractOnFile>;
  device: { purchaseDate: string; warrantyMonths: number; warrantyReview?: string | null } | null | undefined;
  calendar?: SupportCalendar | undefined;
  /** The conditions of standard assistance as answered at the start (null: not asked, taken as met). */
  softwareUpToDate?: boolean | null;
  conformingSetup?: boolean | null;
};

/**
 * The classification input of one intervention, built once for the console's provisional figures
 * and the API's authoritative ones: the same facts always make the same input (a device's pending
 * warranty review included), and an activity neither end knows is refused alike.
 */
export const classificationInput = (facts: InterventionFacts): ClassifyInput => {
  if (!isActivityCode(facts.activity)) throw new DomainRangeError(`Attività sconosciuta: ${facts.activity}`);
  return {
    at: facts.startedAt,
    activity: facts.activity,
    mode: facts.mode,
    cause: facts.cause ?? 'unknown',
    contracts: facts.contracts.map((contract) => ({ kind: contract.kind, validFrom: contract.validFrom, validTo: contract.validTo ?? null })),
    blocking: facts.blocking,
    device: facts.device ? { purchaseDate: facts.device.purchaseDate, warrantyMonths: facts.device.warrantyMonths, warrantyReview: facts.device.warrantyReview ?? null } : null,
    ...(facts.calendar ? { calendar: facts.calendar } : {}),
    ...(typeof facts.softwareUpToDate === 'boolean' ? { softwareUpToDate: facts.softwareUpToDate } : {}),
    ...(typeof facts.conformingSetup === 'boolean' ? { conformingSetup: facts.conformingSetup } : {}),
  };
};
