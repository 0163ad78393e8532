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

/** Repairs received on the day, worked on within [from, to) or changed then, with their customer and device. */
export const listRepairRowsOfDay = (db: Kysely<LocalDatabase>, day: string, from: string, to: string) =>
  db
    .selectFrom('repairs')
    .innerJoin('customers', 'customers.id', 'repairs.customer_id')
    .innerJoin('devices', 'devices.id', 'repairs.device_id')
    .leftJoin('tickets', 'tickets.id', 'repairs.ticket_id')
    .selectAll('repairs')
    .select(['customers.name as customer_name', 'devices.model as device_model', 'devices.serial as device_serial', 'devices.warranty_review as device_warranty_review', 'tickets.number as ticket_number'])
    .where((where) =>
      where.or([
        where('repairs.received_on', '=', day),
        where.and([where('repairs.labour_logged_at', '>=', from), where('repairs.labour_logged_at', '<', to)]),
        where.and([where('repairs.restore_logged_at', '>=', from), where('repairs.restore_logged_at', '<', to)]),
        where.and([where('repairs.updated_at', '>=', from), where('repairs.updated_at', '<', to)]),
      ]),
    )
    .orderBy('repairs.received_on')
    .orderBy('repairs.id')
    .limit(500)
    .execute();
