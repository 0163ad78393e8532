import { formatDay, formatMinutes, formatValidUntil } from '../../../shared/format.ts';
import type { ClosureMailPayload } from '../mail-payloads.ts';

/** The customer's residual hours, one line per pot, as the closure summary and the notices show them. */
export const residualLines = (residual: ClosureMailPayload['residual']): string[] => [
  `Ore gratuite residue: ${formatMinutes(residual.freeMinutes)}`,
  ...residual.packages.map(
    (item) =>
      `Pacchetto del ${formatDay(item.purchasedOn)}: ${formatMinutes(item.remainingMinutes)} su ${formatMinutes(item.totalMinutes)}` +
      (item.expiresOn ? `, valido ${formatValidUntil(item.expiresOn)}` : ''),
  ),
];
