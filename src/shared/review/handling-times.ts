import { z } from 'zod';
import { billingMonthSchema } from '../domain/billing-period.ts';
import { defaultHandlingTargets, supportMinutesBetween, ticketPriorities, type HandlingTargets, type SupportCalendar, type TicketPriority } from '../domain/index.ts';

/**
 * Handling times (support model: "tempi di gestione di ogni singolo ticket"): from opening to the
 * first taking in charge, and from opening to the resolution, counted in support minutes (the
 * desk's open hours on weekdays, holidays and closures as the calendar says, as the queue counts a
 * wait). A leg still running counts up to now and says so.
 */
export const handlingTimesSchema = z.object({
  takeMinutes: z.int().nonnegative(),
  taken: z.boolean(),
  resolveMinutes: z.int().nonnegative(),
  resolved: z.boolean(),
  takeTargetMinutes: z.int(),
  resolveTargetMinutes: z.int(),
});
export type HandlingTimes = z.infer<typeof handlingTimesSchema>;

type TicketTimes = { priority: TicketPriority; openedAt: string; takenAt: string | null; closedAt: string | null };

export const handlingTimesOf = (ticket: TicketTimes, now: Date | string, calendar?: SupportCalendar): HandlingTimes => {
  const options = calendar ? { calendar } : {};
  const targets = (calendar?.handlingTargets ?? defaultHandlingTargets)[ticket.priority];
  const takenAt = ticket.takenAt ?? ticket.closedAt;
  return {
    takeMinutes: supportMinutesBetween(ticket.openedAt, takenAt ?? now, options),
    taken: takenAt !== null,
    resolveMinutes: supportMinutesBetween(ticket.openedAt, ticket.closedAt ?? now, options),
    resolved: ticket.closedAt !== null,
    takeTargetMinutes: targets.takeMinutes,
    resolveTargetMinutes: targets.resolveMinutes,
  };
};

/** A leg within its target (a running leg already past it is late; one still inside is not judged yet). */
export const withinTarget = (minutes: number, target: number): boolean => minutes <= target;

const prioritySummarySchema = z.object({
  priority: z.enum(ticketPriorities),
  closed: z.int(),
  averageTakeMinutes: z.int().nullable(),
  averageResolveMinutes: z.int().nullable(),
  takenWithinTarget: z.int(),
  resolvedWithinTarget: z.int(),
  takeTargetMinutes: z.int(),
  resolveTargetMinutes: z.int(),
});
export const handlingSummarySchema = z.object({ month: billingMonthSchema, rows: z.array(prioritySummarySchema) });
export type HandlingSummary = z.infer<typeof handlingSummarySchema>;

/** Per priority, the tickets closed in a month: how many, the mean times, how many met each target. */
export const summarizeHandling = (month: string, closed: readonly TicketTimes[], calendar?: SupportCalendar): HandlingSummary => {
  const targets: HandlingTargets = calendar?.handlingTargets ?? defaultHandlingTargets;
  return {
    month,
    rows: ticketPriorities.map((priority) => {
      const times = closed.filter((ticket) => ticket.priority === priority && ticket.closedAt !== null).map((ticket) => handlingTimesOf(ticket, ticket.closedAt ?? '', calendar));
      const mean = (values: number[]) => (values.length === 0 ? null : Math.round(values.reduce((sum, value) => sum + value, 0) / values.length));
      return {
        priority,
        closed: times.length,
        averageTakeMinutes: mean(times.map((time) => time.takeMinutes)),
        averageResolveMinutes: mean(times.map((time) => time.resolveMinutes)),
        takenWithinTarget: times.filter((time) => withinTarget(time.takeMinutes, time.takeTargetMinutes)).length,
        resolvedWithinTarget: times.filter((time) => withinTarget(time.resolveMinutes, time.resolveTargetMinutes)).length,
        takeTargetMinutes: targets[priority].takeMinutes,
        resolveTargetMinutes: targets[priority].resolveMinutes,
      };
    }),
  };
};
