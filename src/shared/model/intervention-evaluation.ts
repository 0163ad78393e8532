import { applyDraws, bankWithout, evaluateIntervention, policyOn, romeDay, type HourBank, type InterventionEvaluation, type PolicyVersion, type SupportCalendar } from '../domain/index.ts';
import { classificationInput } from './classification-input.ts';
import type { Cause } from './enums.ts';
import type { Intervention, TicketDetail } from './ticket.schema.ts';

/** The classification input for one intervention, from what the console knows about its ticket. */
const inputFor = (ticket: TicketDetail, intervention: Intervention, cause: Cause, calendar: SupportCalendar | undefined) =>
  classificationInput({
    startedAt: intervention.startedAt,
    activity: intervention.activity,
    mode: intervention.mode,
    cause,
    blocking: ticket.blocking,
    contracts: ticket.contracts,
    device: intervention.deviceId ? ticket.devices.find((candidate) => candidate.id === intervention.deviceId) : null,
    calendar,
    softwareUpToDate: intervention.softwareUpToDate,
    conformingSetup: intervention.conformingSetup,
  });

/** The bank as if these interventions had drawn nothing yet (the API reverses their draws before re-evaluating). */
const bankBefore = (ticket: TicketDetail, interventions: readonly Intervention[]): HourBank =>
  bankWithout(
    {
      freeMinutes: ticket.hourBank.freeMinutes,
      packages: ticket.hourBank.packages.map((item) => ({
        id: item.id,
        remainingMinutes: item.remainingMinutes,
        purchasedOn: item.purchasedOn,
        ...(item.expiresOn ? { expiresOn: item.expiresOn } : {}),
      })),
    },
    interventions.flatMap((intervention) => intervention.billing?.allocation ?? []),
  );

/**
 * The console's provisional figures for one intervention while it runs or until the central
 * API's authoritative ones arrive: the same shared rules, against the hour bank as the console
 * last saw it.
 */
export const provisionalEvaluation = (
  ticket: TicketDetail,
  intervention: Intervention,
  now: Date | string,
  calendar?: SupportCalendar,
  policies: readonly PolicyVersion[] = [],
): InterventionEvaluation =>
  evaluateIntervention({
    classification: inputFor(ticket, intervention, ticket.cause ?? 'unknown', calendar),
    segments: intervention.segments,
    now: intervention.stoppedAt ?? now,
    bank: bankBefore(ticket, [intervention]),
    policy: policyOn(policies, romeDay(intervention.startedAt)),
  });

/**
 * What closing the ticket with a given cause would do to every intervention, drawing from the
 * bank in order as the API will: the preview the technician confirms before closing.
 */
export const closurePreview = (ticket: TicketDetail, cause: Cause, now: Date | string, calendar?: SupportCalendar, policies: readonly PolicyVersion[] = []) => {
  let bank = bankBefore(ticket, ticket.interventions);
  const rows = ticket.interventions.map((intervention) => {
    const evaluation = evaluateIntervention({
      classification: inputFor(ticket, intervention, cause, calendar),
      segments: intervention.segments,
      now: intervention.stoppedAt ?? now,
      bank,
      policy: policyOn(policies, romeDay(intervention.startedAt)),
    });
    bank = applyDraws(bank, evaluation.allocation);
    return { intervention, evaluation };
  });
  return {
    rows,
    billedMinutes: rows.reduce((sum, row) => sum + row.evaluation.billedMinutes, 0),
    netCents: rows.reduce((sum, row) => sum + row.evaluation.netCents, 0),
    vatCents: rows.reduce((sum, row) => sum + row.evaluation.vatCents, 0),
    grossCents: rows.reduce((sum, row) => sum + row.evaluation.grossCents, 0),
  };
};
