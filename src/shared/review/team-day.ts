import { z } from 'zod';
import { tiers, type Tier } from '../domain/tier.ts';
import { channelSchema, interventionModeSchema } from '../model/enums.ts';
import { repairStatuses } from '../domain/repairs.ts';

/**
 * «Giornata del team»: a team lead's view of one Rome day, per technician, computed from the
 * console's replica. Worked time comes from the timer segments (open ones up to now); billed time,
 * tiers and amounts only from the central API's figures, which are the authority: work the API has
 * not evaluated yet is counted apart, never estimated here.
 */
export const teamDayInterventionSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  subject: z.string(),
  customerName: z.string(),
  channel: channelSchema,
  technicianId: z.uuid(),
  technicianName: z.string(),
  mode: interventionModeSchema,
  activity: z.string(),
  status: z.enum(['running', 'paused', 'stopped']),
  approved: z.boolean(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  workedSeconds: z.int().nonnegative(),
  /** The API's figures, null until it has evaluated the work. */
  tier: z.enum(tiers).nullable(),
  billedMinutes: z.int().nonnegative().nullable(),
  netCents: z.int().nullable(),
  flags: z.array(z.string()),
  /** Why the API holds this work for a lead (a segment too long, work backdated): not billed until approved. */
  reviewReason: z.string().nullable(),
  /** `awaitingConfirmation`: cut short by a crash of the technician's console, not yet confirmed by them. */
  segments: z.array(z.object({ id: z.uuid(), startedAt: z.string(), endedAt: z.string().nullable(), awaitingConfirmation: z.boolean() })),
});
export type TeamDayIntervention = z.infer<typeof teamDayInterventionSchema>;

const tierFiguresSchema = z.object({ count: z.int(), workedSeconds: z.int(), billedMinutes: z.int(), netCents: z.int() });

export const technicianDaySchema = z.object({
  technicianId: z.uuid(),
  technicianName: z.string(),
  interventions: z.int(),
  workedSeconds: z.int(),
  billedMinutes: z.int(),
  includedMinutes: z.int(),
  netCents: z.int(),
  byTier: z.record(z.enum(tiers), tierFiguresSchema),
  byChannel: z.record(z.string(), z.int()),
  byMode: z.record(z.string(), z.int()),
  outsideSupportHours: z.int(),
  running: z.int(),
  paused: z.int(),
  flagged: z.int(),
  toApprove: z.int(),
  /** Segments a console crash cut short that the technician has not confirmed yet. */
  crashCuts: z.int(),
  awaitingServer: z.int(),
  awaitingServerSeconds: z.int(),
});
export type TechnicianDay = z.infer<typeof technicianDaySchema>;

/** A repair the desk handled that day: received, worked on (labour or restore logged) or moved on. */
export const teamDayRepairSchema = z.object({
  id: z.uuid(),
  customerName: z.string(),
  deviceModel: z.string(),
  deviceSerial: z.string(),
  ticketNumber: z.string().nullable(),
  status: z.enum(repairStatuses),
  receivedOn: z.string(),
  warrantyCovered: z.boolean(),
  /** Why the receipt day or the device's warranty waits for a lead. */
  reviewReason: z.string().nullable(),
  labourMinutes: z.int().nonnegative(),
  restoreMinutes: z.int().nonnegative(),
  /** The API's figures once the work is done; null before. */
  billedMinutes: z.int().nonnegative().nullable(),
  netCents: z.int().nullable(),
  happened: z.array(z.enum(['received', 'worked', 'updated'])),
});
export type TeamDayRepair = z.infer<typeof teamDayRepairSchema>;

export const teamDaySchema = z.object({
  day: z.string(),
  technicians: z.array(technicianDaySchema),
  /** The chosen technician's interventions (none without a choice): a day's summary stays small however busy the team. */
  interventions: z.array(teamDayInterventionSchema),
  /** The bench's day: repairs are the desk's, not one technician's. */
  repairs: z.array(teamDayRepairSchema).default([]),
});
export type TeamDay = z.infer<typeof teamDaySchema>;

type TierFigures = z.infer<typeof tierFiguresSchema>;
const noFigures = (): TierFigures => ({ count: 0, workedSeconds: 0, billedMinutes: 0, netCents: 0 });
const emptyTiers = () =>
  ({ standard: noFigures(), extended: noFigures(), warranty: noFigures(), billable: noFigures() }) satisfies Record<Tier, TierFigures>;

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Per technician, sorted by name; a technician appears once they have work that day. */
export const summarizeTeamDay = (day: string, interventions: readonly TeamDayIntervention[]): TeamDay => {
  const byTechnician = new Map<string, TechnicianDay>();
  for (const item of interventions) {
    let row = byTechnician.get(item.technicianId);
    if (!row) {
      row = {
        technicianId: item.technicianId,
        technicianName: item.technicianName,
        interventions: 0,
        workedSeconds: 0,
        billedMinutes: 0,
        includedMinutes: 0,
        netCents: 0,
        byTier: emptyTiers(),
        byChannel: {},
        byMode: {},
        outsideSupportHours: 0,
        running: 0,
        paused: 0,
        flagged: 0,
        toApprove: 0,
        crashCuts: 0,
        awaitingServer: 0,
        awaitingServerSeconds: 0,
      };
      byTechnician.set(item.technicianId, row);
    }
    row.interventions += 1;
    row.workedSeconds += item.workedSeconds;
    increment(row.byChannel, item.channel);
    increment(row.byMode, item.mode);
    if (item.flags.includes('outside_support_hours')) row.outsideSupportHours += 1;
    if (item.status === 'running') row.running += 1;
    if (item.status === 'paused') row.paused += 1;
    if (item.reviewReason) row.flagged += 1;
    if (item.status === 'stopped' && !item.approved) row.toApprove += 1;
    row.crashCuts += item.segments.filter((segment) => segment.awaitingConfirmation).length;
    if (item.tier === null || item.billedMinutes === null) {
      row.awaitingServer += 1;
      row.awaitingServerSeconds += item.workedSeconds;
      continue;
    }
    const tier = row.byTier[item.tier];
    tier.count += 1;
    tier.workedSeconds += item.workedSeconds;
    tier.billedMinutes += item.billedMinutes;
    tier.netCents += item.netCents ?? 0;
    row.billedMinutes += item.billedMinutes;
    row.netCents += item.netCents ?? 0;
    // Included: the contract's share of the work (a J-System hour's excess is billed, the rest included).
    if (item.tier !== 'billable') row.includedMinutes += Math.max(0, Math.round(item.workedSeconds / 60) - item.billedMinutes);
  }
  const technicians = [...byTechnician.values()].sort((a, b) => a.technicianName.localeCompare(b.technicianName, 'it'));
  return { day, technicians, interventions: [...interventions], repairs: [] };
};
