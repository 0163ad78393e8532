import { z } from 'zod';
import { addDays, isoWeekDays, isoWeekOf, romeDay, romeWallClockToInstant } from '../domain/index.ts';
import { instantSchema } from '../model/calendar-day.ts';

/**
 * Quality calls (domain rules §6): every week the team calls a random sample of the customers
 * whose tickets were closed, and notes whether they were reached, a rating 1–5 and what they said.
 */
export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'Settimana nel formato aaaa-Wss');

export const qualityOutcomes = ['pending', 'reached', 'not_reached'] as const;
export type QualityOutcome = (typeof qualityOutcomes)[number];
export const qualityOutcomeLabels = { pending: 'Da chiamare', reached: 'Raggiunto', not_reached: 'Non raggiunto' } as const satisfies Record<QualityOutcome, string>;

export const defaultQualitySharePercent = 10;
/** A customer sampled this recently is not called again (whatever the outcome was). */
export const qualityQuietDays = 90;

export const qualityCallSchema = z.object({
  ticketId: z.uuid(),
  customerId: z.uuid(),
  closedAt: instantSchema,
  outcome: z.enum(qualityOutcomes),
  rating: z.int().min(1).max(5).nullable(),
  notes: z.string(),
  attempts: z.int().nonnegative(),
  calledAt: instantSchema.nullable(),
  calledBy: z.uuid().nullable(),
});
export type QualityCall = z.infer<typeof qualityCallSchema>;

/** One week's sample and its call list: one synced row, so a week is sampled once and its calls change together. */
export const syncedQualityWeekSchema = z.object({
  id: z.uuid(),
  week: isoWeekSchema,
  sharePercent: z.int().min(1).max(100),
  /** How many closed tickets the sample was drawn from. */
  closedTickets: z.int().nonnegative(),
  sampledAt: instantSchema,
  sampledBy: z.uuid(),
  calls: z.array(qualityCallSchema),
});
export type SyncedQualityWeek = z.infer<typeof syncedQualityWeekSchema>;

/** A week's row as both databases store it (the calls as JSON text). */
export type QualityWeekRecordRow = {
  id: string;
  week: string;
  share_percent: number;
  closed_tickets: number;
  sampled_at: string;
  sampled_by: string;
  calls_json: string;
};

/** The stored row in the shape it travels in, validated: one mapping for the console and the API. */
export const qualityWeekRowToWire = (row: QualityWeekRecordRow): SyncedQualityWeek =>
  syncedQualityWeekSchema.parse({
    id: row.id,
    week: row.week,
    sharePercent: row.share_percent,
    closedTickets: row.closed_tickets,
    sampledAt: row.sampled_at,
    sampledBy: row.sampled_by,
    calls: JSON.parse(row.calls_json),
  });

/** The id a week's row travels under: derived from the week, so two leads sampling it meet on one row. */
export const qualityWeekId = (week: string): string => {
  const digits = week.replace('-W', '');
  return `0193a1c0-9a11-7000-8000-${digits.padStart(12, '0')}`;
};

export type QualityCandidate = { ticketId: string; customerId: string; closedAt: string };

/**
 * 53-bit string hash (cyrb53, public domain): the same number for the same text on every engine,
 * so a week's sample can be drawn again and come out the same.
 */
const hash = (text: string, seed = 0): number => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};

/**
 * What a week's sample is drawn from, as both databases are asked it: tickets closed in
 * [closedFrom, closedBefore) (the week's Rome days as instants), and customers of the samples of
 * the weeks from `quietFromWeek` up to (not including) this one.
 */
export const qualityWeekBounds = (week: string) => {
  const { monday, sunday } = isoWeekDays(week);
  return {
    monday,
    sunday,
    closedFrom: romeWallClockToInstant(monday, '00:00').toISOString(),
    closedBefore: romeWallClockToInstant(addDays(sunday, 1), '00:00').toISOString(),
    quietFromWeek: isoWeekOf(addDays(monday, -qualityQuietDays)),
  };
};

/** The customers of earlier samples, from their stored calls (JSON): those not to call again yet. */
export const sampledCustomers = (callsJson: readonly string[]): string[] => {
  const customers = new Set<string>();
  for (const json of callsJson) for (const call of JSON.parse(json) as Array<{ customerId: string }>) customers.add(call.customerId);
  return [...customers].sort();
};

/**
 * The week's sample: tickets closed that week (Rome days), one per customer, none of a customer
 * sampled in the previous 90 days; ranked by a hash of week and ticket (random-looking, but the
 * same every time for the same week and tickets); `sharePercent` of the tickets, at least one.
 */
export const qualitySample = (input: {
  week: string;
  sharePercent: number;
  candidates: readonly QualityCandidate[];
  recentlySampledCustomers: ReadonlySet<string>;
}): { closedTickets: number; chosen: QualityCandidate[] } => {
  const { monday, sunday } = qualityWeekBounds(input.week);
  const closed = input.candidates.filter((candidate) => {
    const day = romeDay(candidate.closedAt);
    return monday <= day && day <= sunday;
  });
  const rank = (candidate: QualityCandidate) => hash(`${input.week}:${candidate.ticketId}`);
  const byCustomer = new Map<string, QualityCandidate>();
  for (const candidate of closed) {
    if (input.recentlySampledCustomers.has(candidate.customerId)) continue;
    const current = byCustomer.get(candidate.customerId);
    if (!current || rank(candidate) < rank(current) || (rank(candidate) === rank(current) && candidate.ticketId < current.ticketId)) byCustomer.set(candidate.customerId, candidate);
  }
  const eligible = [...byCustomer.values()].sort((a, b) => rank(a) - rank(b) || a.ticketId.localeCompare(b.ticketId));
  const wanted = Math.max(1, Math.ceil((closed.length * input.sharePercent) / 100));
  return { closedTickets: closed.length, chosen: eligible.slice(0, wanted) };
};
