import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../../src/server/db/server-schema.ts';

/** The same picture as `consoleState`, read from the central database. */
export const serverState = async (db: Kysely<ServerDatabase>) => ({
  tickets: await db.selectFrom('tickets').select(['id', 'number', 'status', 'priority', 'subject', 'assignee_id', 'cause']).orderBy('id').execute(),
  interventions: await db
    .selectFrom('interventions')
    .select(['id', 'ticket_id', 'technician_id', 'status', 'notes', 'approved', 'started_at', 'stopped_at'])
    .orderBy('id')
    .execute(),
  segments: await db.selectFrom('timer_segments').select(['id', 'intervention_id', 'started_at', 'ended_at']).orderBy('id').execute(),
  devices: await db.selectFrom('devices').select(['id', 'customer_id', 'serial', 'purchase_date', 'warranty_months']).orderBy('id').execute(),
  repairs: await db.selectFrom('repairs').select(['id', 'device_id', 'status', 'warranty_covered']).orderBy('id').execute(),
});
