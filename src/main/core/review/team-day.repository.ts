import type { Kysely } from 'kysely';
import type { LocalDatabase } from '../db/schema.ts';

/** Every intervention started within [from, to) (a Rome day), with what the review shows of its ticket. */
export const listInterventionRowsStartedBetween = (db: Kysely<LocalDatabase>, from: string, to: string) =>
  db
    .selectFrom('interventions')
    .innerJoin('tickets', 'tickets.id', 'interventions.ticket_id')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'interventions.technician_id')
    .select([
      'interventions.id',
      'interventions.ticket_id',
      'interventions.technician_id',
      'interventions.mode',
      'interventions.activity',
      'interventions.status',
      'interventions.approved',
      'interventions.billing_json',
      'interventions.review_reason',
      'interventions.started_at',
      'interventions.stopped_at',
      'tickets.number as ticket_number',
      'tickets.subject',
      'tickets.channel',
      'customers.name as customer_name',
      'users.display_name as technician_name',
    ])
    .where('interventions.started_at', '>=', from)
    .where('interventions.started_at', '<', to)
    .orderBy('interventions.started_at')
    .execute();
