import { activityCatalog, concernsVendorSoftware, isActivityCode, type ActivityCode } from './activities.ts';
import { addDays, romeDay, toInstant } from './calendar-day.ts';
import { formatDay } from '../format.ts';
import { isSupportOpen, isWeekendDay, specialDaysOn, type SupportCalendar } from './support-calendar.ts';
import type { Tier } from './tier.ts';
import { warrantyAwaitsConfirmation, warrantyStatus } from './warranty.ts';
import { DomainRangeError } from './domain-range-error.ts';

export type ContractOnFile = { kind: 'standard' | 'extended'; validFrom: string; validTo?: string | null };

export type ClassifyInput = {
  /** When the work happens (start of the intervention). */
  at: Date | string;
  activity: ActivityCode;
  /** By phone, remote control, in person at the customer's premises or at the vendor's own. */
  mode: 'phone' | 'remote' | 'on_site' | 'vendor_site';
  cause: 'vendor' | 'customer' | 'unknown';
  /** The customer's contracts; those valid on the day of `at` count. */
  contracts: readonly ContractOnFile[];
  /** Whether the problem blocks the customer's work towards end users. */
  blocking?: boolean;
  /** J-System's minutes included per intervention, from the policy in effect (the reasons say it). Default 60. */
  extendedIncludedMinutes?: number;
  /** The hardware involved, for warranty activities. */
  device?: { purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null } | null;
  /**
   * The day the warranty request was made (a repair's receiving day), when it is not the day of
   * `at`: the verdict belongs to the request, not to the day the labour is logged.
   */
  warrantyDay?: string;
  /** The vendor's software is at its latest version (standard assistance requires it). Default true. */
  softwareUpToDate?: boolean;
  /** Hardware, OS and peripherals conform to the vendor's guidelines. Default true. */
  conformingSetup?: boolean;
  /**
   * Work the vendor schedules in its own lab (a repair's labour and restore): classified as on a
   * working day, with the contracts of `warrantyDay` (domain rules §1, bench work).
   */
  benchWork?: boolean;
  calendar?: SupportCalendar;
};

export const classificationFlags = [
  'outside_support_hours',
  'weekend_without_entitlement',
  'holiday',
  'software_not_latest',
  'non_conforming_setup',
  'cause_customer',
  'cause_unknown',
  'no_contract',
  'warranty_expired',
  'warranty_unconfirmed',
  'warranty_device_missing',
  'extended_cap',
  'not_covered_by_warranty',
] as const;
export type ClassificationFlag = (typeof classificationFlags)[number];

export const classificationFlagLabels = {
  outside_support_hours: 'Fuori dall’orario di assistenza',
  weekend_without_entitlement: 'Weekend senza diritto all’assistenza weekend',
  holiday: 'Giorno festivo',
  software_not_latest: 'Software non aggiornato all’ultima versione',
  non_conforming_setup: 'Hardware, sistema operativo o periferiche non conformi alle linee guida',
  cause_customer: 'Causa cliente',
  cause_unknown: 'Causa ancora da accertare',
  no_contract: 'Nessun contratto di assistenza valido',
  warranty_expired: 'Garanzia scaduta',
  warranty_unconfirmed: 'Garanzia da confermare dal team leader',
  warranty_device_missing: 'Dispositivo non indicato',
  extended_cap: 'Oltre i minuti inclusi per intervento si paga',
  not_covered_by_warranty: 'Escluso dalla garanzia',
} as const satisfies Record<ClassificationFlag, string>;

export const standardConditionsMetReason = 'Condizioni dell’assistenza standard confermate: software all’ultima versione, installazione conforme alle linee guida.';

/** Standard assistance holds only on the latest software and a conforming setup: asked when a standard activity starts. */
export const asksStandardConditions = (activity: ActivityCode): boolean => activityCatalog[activity].scope === 'standard';

export type Classification = { tier: Tier; reasons: string[]; flags: ClassificationFlag[] };

export const contractValidOn = (contract: ContractOnFile, day: string): boolean =>
  contract.validFrom <= day && (contract.validTo === undefined || contract.validTo === null || day <= contract.validTo);

/**
 * What a customer is covered by on a day: the badges of a queue row. J-System includes the
 * standard scope, as in `classify`.
 */
export const coverageOn = (
  contracts: readonly ContractOnFile[],
  devices: ReadonlyArray<{ purchaseDate: string; warrantyMonths?: number; warrantyReview?: string | null }>,
  day: string,
): { standard: boolean; extended: boolean; warranty: boolean } => {
  const valid = contracts.filter((contract) => contractValidOn(contract, day));
  const extended = valid.some((contract) => contract.kind === 'extended');
  return {
    standard: extended || valid.some((contract) => contract.kind === 'standard'),
    extended,
    warranty: devices.some((device) => warrantyStatus(device, day).covered),
  };
};

/**
 * Included or billable, and why, for what a technician knows when starting or closing an
 * intervention (domain rules §1, §3, §4). Reasons are Italian sentences for the technician and
 * the customer; flags are codes the team lead filters on.
 */
export const classify = (input: ClassifyInput): Classification => {
  if (!isActivityCode(input.activity)) throw new DomainRangeError(`Attività sconosciuta: "${String(input.activity)}".`);
  const instant = toInstant(input.at);
  // Bench work is priced as on the day the device was received, whenever its minutes are typed in.
  const day = input.benchWork && input.warrantyDay ? input.warrantyDay : romeDay(instant);
  const activity = activityCatalog[input.activity];
  const reasons: string[] = [];
  const flags = new Set<ClassificationFlag>();
  const included = input.extendedIncludedMinutes ?? 60;
  const verdict = (tier: Tier, reason: string): Classification => {
    reasons.unshift(reason);
    return { tier, reasons, flags: [...flags] };
  };

  const valid = input.contracts.filter((contract) => contractValidOn(contract, day));
  const hasExtended = valid.some((contract) => contract.kind === 'extended');
  // J-System is a module on top of the assistance contract: it includes the standard scope.
  const hasStandard = hasExtended || valid.some((contract) => contract.kind === 'standard');
  if (!hasStandard) flags.add('no_contract');

  // Weekend service is J-System's, for blocking problems on the vendor's own software only.
  const weekendEntitled = hasExtended && input.blocking === true && concernsVendorSoftware(input.activity);
  const calendar = input.calendar;
  const calendarOptions = calendar ? { calendar } : {};
  // Bench work is the vendor's own schedule: no weekend, holiday or outside-hours effect.
  const weekend = !input.benchWork && isWeekendDay(day, calendar);
  if (!input.benchWork && specialDaysOn(day, calendar).length > 0) flags.add('holiday');
  if (!input.benchWork && !isSupportOpen(instant, { ...calendarOptions, weekend: weekendEntitled })) flags.add('outside_support_hours');
  if (weekend && !weekendEntitled) flags.add('weekend_without_entitlement');
  if (input.softwareUpToDate === false) flags.add('software_not_latest');
  if (input.conformingSetup === false) flags.add('non_conforming_setup');
  if (input.cause === 'unknown') flags.add('cause_unknown');

  if (input.cause === 'customer') {
    flags.add('cause_customer');
    return verdict('billable', 'Causa cliente: il problema non è imputabile al fornitore, l’intervento è a pagamento.');
  }

  const warranty = activity.scope === 'warranty' && input.device ? warrantyStatus(input.device, input.warrantyDay ?? day) : null;
  // The warranty is a right on the hardware, not a support service: covered repair labour stays
  // covered whatever day or hour it is logged (weekend rules only price support work).
  if (warranty?.covered) {
    flags.delete('weekend_without_entitlement');
    return verdict('warranty', `Dispositivo in garanzia fino al ${formatDay(addDays(warranty.expiresOn, -1))}: riparazione inclusa.`);
  }

  // A fault of the vendor is always included, whatever the day or the hour, with or without a contract.
  if (activity.scope === 'included') return verdict('standard', `${activity.label}: disservizio imputabile al fornitore, sempre incluso.`);

  if (weekend && !weekendEntitled) {
    return verdict(
      'billable',
      !hasExtended
        ? 'Assistenza nel weekend riservata ai clienti J-System: intervento a pagamento.'
        : input.blocking !== true
          ? 'Assistenza nel weekend riservata ai problemi bloccanti: intervento a pagamento.'
          : 'Nel weekend l’assistenza J-System copre solo il software del fornitore: intervento a pagamento.',
    );
  }
  if (weekend) {
    flags.add('extended_cap');
    return verdict('extended', `${activity.label}: assistenza nel weekend J-System per un problema bloccante, inclusa fino a ${included} minuti.`);
  }

  switch (activity.scope) {
    case 'transport':
      flags.add('not_covered_by_warranty');
      return verdict('billable', 'Il trasporto non è mai coperto da garanzia né da contratto: a pagamento.');

    case 'warranty': {
      if (!warranty) {
        flags.add('warranty_device_missing');
        return verdict('billable', 'Nessun dispositivo indicato: impossibile verificare la garanzia, intervento a pagamento.');
      }
      // Not covered because a lead has yet to confirm the warranty data (not because it ran out): say so.
      const unconfirmed = input.device ? warrantyAwaitsConfirmation(input.device, input.warrantyDay ?? day) : false;
      flags.add(unconfirmed ? 'warranty_unconfirmed' : 'warranty_expired');
      const why = unconfirmed ? 'Garanzia da confermare dal team leader' : `Garanzia scaduta il ${formatDay(warranty.expiresOn)}`;
      if (hasExtended) {
        flags.add('extended_cap');
        return verdict('extended', `${why}; la manodopera rientra nell’assistenza estesa J-System (ricambi e trasporto esclusi).`);
      }
      return verdict('billable', `${why}: riparazione a pagamento.`);
    }

    case 'warranty_excluded_labour':
      flags.add('not_covered_by_warranty');
      if (hasExtended) {
        flags.add('extended_cap');
        return verdict('extended', 'Il ripristino di sistema e software non è coperto dalla garanzia; rientra nell’assistenza estesa J-System.');
      }
      return verdict('billable', 'Il ripristino di sistema e software non è coperto dalla garanzia: a pagamento.');

    case 'value_added':
      return verdict('billable', `${activity.label}: attività a valore aggiunto, a pagamento.`);

    case 'extended':
      if (hasExtended) {
        flags.add('extended_cap');
        return verdict('extended', `${activity.label}: inclusa nell’assistenza estesa J-System fino a ${included} minuti per intervento.`);
      }
      return verdict('billable', `${activity.label}: richiede l’assistenza estesa J-System, intervento a pagamento.`);

    case 'standard': {
      if (!hasStandard) return verdict('billable', 'Nessun contratto di assistenza valido: intervento a pagamento.');
      const nonConforming = input.softwareUpToDate === false || input.conformingSetup === false;
      if (!nonConforming) {
        // Answered at the start: say so, so the customer reads on what the inclusion rests.
        if (input.softwareUpToDate === true && input.conformingSetup === true) reasons.push(standardConditionsMetReason);
        return verdict('standard', `${activity.label}: inclusa nell’assistenza standard.`);
      }
      if (hasExtended) {
        flags.add('extended_cap');
        return verdict('extended', 'Installazione non conforme alle linee guida: coperta dall’assistenza estesa J-System.');
      }
      return verdict('billable', 'L’assistenza standard richiede software aggiornato e installazione conforme: intervento a pagamento.');
    }
  }
};
