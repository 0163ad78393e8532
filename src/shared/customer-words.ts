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
