import { parseDay } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';

export type HourBankPackage = { id: string; remainingMinutes: number; purchasedOn: string; expiresOn?: string };
export type HourBank = { freeMinutes: number; packages: HourBankPackage[] };
export type Allocation = { source: 'free' | 'package' | 'invoice'; packageId?: string; minutes: number };

export const allocationSourceLabels = {
  free: 'Ore gratuite',
  package: 'Pacchetto prepagato',
  invoice: 'A consuntivo',
} as const satisfies Record<Allocation['source'], string>;

const assertMinutes = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainRangeError(`${what}: atteso un intero non negativo, ricevuto ${value}.`);
};

/**
 * Where billed minutes are drawn from (domain rules §5): the free allowance, then packages by
 * earliest expiry (no expiry last, ties by purchase date), then the rest is invoiced.
 * Decision: `expiresOn` is the first day a package can no longer be drawn, the same reading
 * as the warranty's; on `day` a package with `expiresOn <= day` is skipped.
 */
export const allocateHours = (minutes: number, bank: HourBank, day?: string): Allocation[] => {
  assertMinutes(minutes, 'Minuti da addebitare');
  assertMinutes(bank.freeMinutes, 'Ore gratuite residue');
  if (day !== undefined) parseDay(day);
  const allocation: Allocation[] = [];
  let left = minutes;

  const fromFree = Math.min(left, bank.freeMinutes);
  if (fromFree > 0) {
    allocation.push({ source: 'free', minutes: fromFree });
    left -= fromFree;
  }

  const usable = bank.packages
    .filter((item) => {
      assertMinutes(item.remainingMinutes, `Residuo del pacchetto ${item.id}`);
      return item.remainingMinutes > 0 && (day === undefined || item.expiresOn === undefined || day < item.expiresOn);
    })
    .sort(
      (a, b) =>
        (a.expiresOn ?? '9999-99-99').localeCompare(b.expiresOn ?? '9999-99-99') ||
        a.purchasedOn.localeCompare(b.purchasedOn) ||
        a.id.localeCompare(b.id),
    );
  for (const item of usable) {
    if (left === 0) break;
    const drawn = Math.min(left, item.remainingMinutes);
    allocation.push({ source: 'package', packageId: item.id, minutes: drawn });
    left -= drawn;
  }

  if (left > 0) allocation.push({ source: 'invoice', minutes: left });
  return allocation;
};
