import type { Kysely } from 'kysely';
import { addDays, romeWallClockToInstant } from '../../../shared/domain/index.ts';
import { billingFiguresSchema } from '../../../shared/model/billing.schema.ts';
import { summarizeTeamDay, type TeamDay } from '../../../shared/review/team-day.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { listSegmentRowsForInterventions } from '../interventions/intervention.repository.ts';
import { listInterventionRowsStartedBetween, listRepairRowsOfDay } from './team-day.repository.ts';
import { repairBillingFiguresSchema } from '../../../shared/model/billing.schema.ts';

/** The team's day (a Rome calendar day) from this console's replica, as of `now`. */
export const readTeamDay = async (db: Kysely<LocalDatabase>, day: string, now: Date, technicianId: string | null = null): Promise<TeamDay> => {
  const from = romeWallClockToInstant(day, '00:00').toISOString();
  const to = romeWallClockToInstant(addDays(day, 1), '00:00').toISOString();
  const rows = await listInterventionRowsStartedBetween(db, from, to);
  const segments = await listSegmentRowsForInterventions(
    db,
    rows.map((row) => row.id),
  );
  const worked = new Map<string, number>();
  const segmentsOf = new Map<string, Array<{ id: string; startedAt: string; endedAt: string | null; awaitingConfirmation: boolean }>>();
  for (const segment of segments) {
    segmentsOf.set(segment.intervention_id, [
      ...(segmentsOf.get(segment.intervention_id) ?? []),
      { id: segment.id, startedAt: segment.started_at, endedAt: segment.ended_at, awaitingConfirmation: segment.needs_confirmation === 1 },
    ]);
    const end = segment.ended_at ? Date.parse(segment.ended_at) : now.getTime();
    const seconds = Math.max(0, Math.floor((end - Date.parse(segment.started_at)) / 1000));
    worked.set(segment.intervention_id, (worked.get(segment.intervention_id) ?? 0) + seconds);
  }
  const summary = summarizeTeamDay(
    day,
    rows.map((row) => {
      const billing = row.billing_json ? billingFiguresSchema.parse(JSON.parse(row.billing_json)) : null;
      return {
        id: row.id,
        ticketId: row.ticket_id,
        ticketNumber: row.ticket_number,
        subject: row.subject,
        customerName: row.customer_name,
        channel: row.channel,
        technicianId: row.technician_id,
        technicianName: row.technician_name ?? 'Tecnico',
        mode: row.mode,
        activity: row.activity,
        status: row.status,
        approved: row.approved === 1,
        startedAt: row.started_at,
        stoppedAt: row.stopped_at,
        workedSeconds: worked.get(row.id) ?? 0,
        tier: billing?.tier ?? null,
        billedMinutes: billing?.billedMinutes ?? null,
        netCents: billing?.netCents ?? null,
        flags: billing?.flags ?? [],
        reviewReason: row.review_reason,
        segments: segmentsOf.get(row.id) ?? [],
      };
    }),
  );
  const within = (instant: string | null) => instant !== null && instant >= from && instant < to;
  const repairs = (await listRepairRowsOfDay(db, day, from, to)).map((row) => {
    const billing = row.billing_json ? repairBillingFiguresSchema.parse(JSON.parse(row.billing_json)) : null;
    return {
      id: row.id,
      customerName: row.customer_name,
      deviceModel: row.device_model,
      deviceSerial: row.device_serial,
      ticketNumber: row.ticket_number,
      status: row.status,
      receivedOn: row.received_on,
      warrantyCovered: row.warranty_covered === 1,
      reviewReason: row.review_reason ?? row.device_warranty_review,
      labourMinutes: row.labour_minutes,
      restoreMinutes: row.restore_minutes,
      billedMinutes: billing?.billedMinutes ?? null,
      netCents: billing?.netCents ?? null,
      happened: [
        ...(row.received_on === day ? (['received'] as const) : []),
        ...(within(row.labour_logged_at) || within(row.restore_logged_at) ? (['worked'] as const) : []),
        ...(within(row.updated_at) ? (['updated'] as const) : []),
      ],
    };
  });
  return { ...summary, interventions: summary.interventions.filter((item) => item.technicianId === technicianId), repairs };
};
