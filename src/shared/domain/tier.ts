export const tiers = ['standard', 'extended', 'warranty', 'billable'] as const;
export type Tier = (typeof tiers)[number];

export const tierLabels = {
  standard: 'Incluso: assistenza standard',
  extended: 'Incluso: assistenza estesa J-System',
  warranty: 'Incluso: garanzia hardware',
  billable: 'A pagamento',
} as const satisfies Record<Tier, string>;
