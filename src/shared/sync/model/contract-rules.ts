import { AppFailure } from '../../result.ts';
import { formatDay } from '../../format.ts';
import { contractKindLabels } from '../../model/enums.ts';
import type { SyncedRow } from '../entities.ts';

type Period = { kind: 'standard' | 'extended'; validFrom: string; validTo: string | null };

/** Two periods share at least one day (an open end runs for ever). */
export const periodsOverlap = (a: Period, b: Period): boolean => a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');

/** A period ends on or after the day it starts. */
export const assertContractPeriod = (period: Pick<Period, 'validFrom' | 'validTo'>): void => {
  if (period.validTo !== null && period.validTo < period.validFrom)
    throw new AppFailure('invalid_argument', 'Il contratto deve terminare nello stesso giorno o dopo la sua decorrenza.');
};

/**
 * Two contracts of the same kind never cover the same day: which one would a day's work be priced
 * with? A standard contract and J-System may overlap (J-System is a module on top of it).
 */
export const assertNoOverlap = (contracts: ReadonlyArray<SyncedRow<'contract'>>, candidate: Period & { id: string }): void => {
  const clash = contracts.find((other) => other.id !== candidate.id && other.kind === candidate.kind && periodsOverlap(other, candidate));
  if (clash)
    throw new AppFailure(
      'conflict',
      `Il cliente ha già un contratto di ${contractKindLabels[clash.kind].toLowerCase()} dal ${formatDay(clash.validFrom)}${clash.validTo ? ` al ${formatDay(clash.validTo)}` : ', senza scadenza'}: le date si sovrappongono.`,
    );
};
