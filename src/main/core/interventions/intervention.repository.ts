import type { Kysely } from 'kysely';
import type { LocalDatabase } from '../db/schema.ts';

export const listInterventionRowsForTicket = (db: Kysely<LocalDatabase>, ticketId: string) =>
  db
    .selectFrom('interventions')
    .leftJoin('users', 'users.id', 'interventions.technician_id')
    .selectAll('interventions')
    .select('users.display_name as technician_name')
    .where('interventions.ticket_id', '=', ticketId)
    .orderBy('interventions.started_at')
    .execute();

export const listSegmentRowsForInterventions = (db: Kysely<LocalDatabase>, interventionIds: readonly string[]) =>
  interventionIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('timer_segments')
        .selectAll()
        .where('intervention_id', 'in', interventionIds)
        .orderBy('started_at')
        .execute();

export const listActiveInterventionRows = (db: Kysely<LocalDatabase>, technicianId: string) =>
  db
    .selectFrom('interventions')
    .innerJoin('tickets', 'tickets.id', 'interventions.ticket_id')
    .leftJoin('users', 'users.id', 'interventions.technician_id')
    .selectAll('interventions')
    .select(['users.display_name as technician_name', 'tickets.number as ticket_number', 'tickets.subject as ticket_subject'])
    .where('interventions.technician_id', '=', technicianId)
    .where('interventions.status', '!=', 'stopped')
    .orderBy('interventions.started_at')
    .execute();
