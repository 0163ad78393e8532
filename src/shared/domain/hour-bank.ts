import { parseDay } from './calendar-day.ts';
import { DomainRangeError } from './domain-range-error.ts';

export type HourBankPackage = { id: string; remainingMinutes: number; purchasedOn: string; expiresOn?: string };
export type HourBank = { freeMinutes: number; packages: HourBankPackage[] };
export type Allocation = { source: 'free' | 'package' | 'invoice'; packageId?: string; minutes: number };

export const allocationSourceLabels = {
  free: 'Ore gratuite',
  package: 'Pacchetto di ore',
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

/**
 * Minutes a piece of work holds from the bank, one entry per pot, **positive** when drawn (the
 * allocation's own sign). Invoiced minutes hold nothing from the bank and are ignored. Both ends
 * speak this sign: the console reads it from the figures' allocation, the API from its ledger
 * (where a draw is booked negative, so it negates the sums once, at the boundary).
 */
export type HeldMinutes = ReadonlyArray<{ source: Allocation['source']; packageId?: string | null | undefined; minutes: number }>;

const held = (draws: HeldMinutes, source: 'free' | 'package', packageId?: string) =>
  draws.filter((draw) => draw.source === source && (source === 'free' || draw.packageId === packageId)).reduce((sum, draw) => sum + draw.minutes, 0);

const shifted = (bank: HourBank, draws: HeldMinutes, sign: 1 | -1): HourBank => ({
  freeMinutes: bank.freeMinutes + sign * held(draws, 'free'),
  packages: bank.packages.map((item) => ({ ...item, remainingMinutes: item.remainingMinutes + sign * held(draws, 'package', item.id) })),
});

/** The bank after these draws: what the customer has left. */
export const applyDraws = (bank: HourBank, draws: HeldMinutes): HourBank => shifted(bank, draws, -1);

/** The bank as if these draws had not been taken: what a piece of work is evaluated against again. */
export const bankWithout = (bank: HourBank, draws: HeldMinutes): HourBank => shifted(bank, draws, 1);
