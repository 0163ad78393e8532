import { z } from 'zod';
import type { QualityOutcome } from './quality-calls.ts';
import { billingMonthSchema } from '../domain/billing-period.ts';

/**
 * «Qualità»: per technician and month, what the customers said of the tickets they closed: the
 * ratings of the feedback form and the outcomes (and ratings) of the quality calls. A ticket is
 * the technician's who held it when it was closed. Ratings are averaged in tenths (4,3).
 */
const ratingCountsSchema = z.object({ 1: z.int(), 2: z.int(), 3: z.int(), 4: z.int(), 5: z.int() });

export const qualityRowSchema = z.object({
  technicianId: z.uuid().nullable(),
  technicianName: z.string(),
  feedback: z.object({ count: z.int(), averageTenths: z.int().nullable(), byRating: ratingCountsSchema }),
  calls: z.object({ reached: z.int(), notReached: z.int(), pending: z.int(), averageTenths: z.int().nullable() }),
});
export type QualityRow = z.infer<typeof qualityRowSchema>;
export const qualitySummarySchema = z.object({ month: billingMonthSchema, rows: z.array(qualityRowSchema) });
export type QualitySummary = z.infer<typeof qualitySummarySchema>;

export type FeedbackFact = { technicianId: string | null; technicianName: string | null; rating: number };
export type CallFact = { technicianId: string | null; technicianName: string | null; outcome: QualityOutcome; rating: number | null };

const ratingValues = [1, 2, 3, 4, 5] as const;

const tenths = (sum: number, count: number): number | null => (count === 0 ? null : Math.round((sum * 10) / count));

export const summarizeQuality = (month: string, feedback: readonly FeedbackFact[], calls: readonly CallFact[]): QualitySummary => {
  type Row = QualityRow & { feedbackSum: number; callSum: number; callRated: number };
  const rows = new Map<string, Row>();
  const rowOf = (technicianId: string | null, technicianName: string | null): Row => {
    const key = technicianId ?? '';
    let row = rows.get(key);
    if (!row) {
      row = {
        technicianId,
        technicianName: technicianId ? (technicianName ?? 'Tecnico') : 'Senza tecnico',
        feedback: { count: 0, averageTenths: null, byRating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
        calls: { reached: 0, notReached: 0, pending: 0, averageTenths: null },
        feedbackSum: 0,
        callSum: 0,
        callRated: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const answer of feedback) {
    const row = rowOf(answer.technicianId, answer.technicianName);
    const rating = ratingValues.find((value) => value === Math.round(answer.rating)) ?? (answer.rating > 5 ? 5 : 1);
    row.feedback.count += 1;
    row.feedback.byRating[rating] += 1;
    row.feedbackSum += rating;
  }
  for (const call of calls) {
    const row = rowOf(call.technicianId, call.technicianName);
    if (call.outcome === 'reached') row.calls.reached += 1;
    else if (call.outcome === 'not_reached') row.calls.notReached += 1;
    else row.calls.pending += 1;
    if (call.rating !== null) {
      row.callSum += call.rating;
      row.callRated += 1;
    }
  }
  return {
    month,
    rows: [...rows.values()]
      .map(({ feedbackSum, callSum, callRated, ...row }) => ({
        ...row,
        feedback: { ...row.feedback, averageTenths: tenths(feedbackSum, row.feedback.count) },
        calls: { ...row.calls, averageTenths: tenths(callSum, callRated) },
      }))
      .sort((a, b) => a.technicianName.localeCompare(b.technicianName, 'it')),
  };
};
