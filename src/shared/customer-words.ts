import type { Tier } from './domain/tier.ts';

/**
 * The words a customer reads about their work and their hours, one vocabulary for the console,
 * the portal, the mails and the PDF: *ore gratuite* (granted), *pacchetto di ore* (bought in
 * advance), the *monte ore* (both together), *a consuntivo* (invoiced), *incluso*, *in parte a
 * pagamento*, *a pagamento*. Free hours are never called prepaid.
 */
export const hourPotWords = {
  free: 'ore gratuite',
  package: 'pacchetto di ore',
  invoice: 'a consuntivo',
} as const;

/** Free hours and packages together. */
export const hourBankWord = 'monte ore';

const coveredBy = {
  standard: 'assistenza standard',
  extended: 'assistenza estesa J-System',
  warranty: 'garanzia hardware',
} as const satisfies Record<Exclude<Tier, 'billable'>, string>;

export type CoverageWords = { label: string; tone: 'success' | 'info' | 'warning' };

/**
 * How a piece of work reads: included (nothing billed), partly billed (J-System's hour was not
 * enough), or billable. A green «Incluso» is never shown on work that was partly billed.
 */
export const coverageWords = (figures: { tier: Tier; billedMinutes: number }): CoverageWords => {
  if (figures.tier === 'billable') return { label: 'A pagamento', tone: 'warning' };
  if (figures.billedMinutes > 0) return { label: `In parte a pagamento: ${coveredBy[figures.tier]} (oltre i minuti inclusi)`, tone: 'info' };
  return { label: `Incluso: ${coveredBy[figures.tier]}`, tone: 'success' };
};

/** Why nothing was charged, in the customer's words: by the assistance, J-System or the warranty, never «by the contract» for what no contract covers. */
export const nothingChargedWords = (tier: Tier): string =>
  tier === 'warranty' ? 'nessun addebito: coperto dalla garanzia hardware' : tier === 'extended' ? 'nessun addebito: incluso nell’assistenza estesa J-System' : 'nessun addebito: incluso nell’assistenza';

/**
 * A whole request in one line of the list: how its finished work reads altogether (included,
 * partly billed, billable) and its worked against billed time. Null while nothing is charged yet.
 */
export const requestWords = (figures: ReadonlyArray<{ tier: Tier; billedMinutes: number; workedSeconds: number }>): (CoverageWords & { workedMinutes: number; billedMinutes: number }) | null => {
  if (figures.length === 0) return null;
  const billedMinutes = figures.reduce((sum, item) => sum + item.billedMinutes, 0);
  const workedMinutes = Math.floor(figures.reduce((sum, item) => sum + item.workedSeconds, 0) / 60);
  const words =
    billedMinutes === 0
      ? { label: 'Incluso', tone: 'success' as const }
      : figures.every((item) => item.tier === 'billable')
        ? { label: 'A pagamento', tone: 'warning' as const }
        : { label: 'In parte a pagamento', tone: 'info' as const };
  return { ...words, workedMinutes, billedMinutes };
};
