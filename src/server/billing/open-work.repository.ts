import type { Kysely, Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';

/**
 * A customer's work whose price may still change when a contract or a device's warranty does:
 * finished interventions on tickets still open and repairs ready to return (closed months never
 * change: the billing service books a correction in the current month instead).
 */
export const readCustomerOpenWork = async (
  db: Kysely<ServerDatabase> | Transaction<ServerDatabase>,
  customerId: string,
): Promise<{ interventionIds: string[]; repairIds: string[] }> => {
  const interventions = await db
    .selectFrom('interventions')
    .innerJoin('tickets', 'tickets.id', 'interventions.ticket_id')
    .select('interventions.id')
    .where('tickets.customer_id', '=', customerId)
    .where('tickets.status', '!=', 'closed')
    .where('interventions.status', '=', 'stopped')
    .orderBy('interventions.started_at')
    .execute();
  const repairs = await db.selectFrom('repairs').select('id').where('customer_id', '=', customerId).where('status', '=', 'ready').orderBy('id').execute();
  return { interventionIds: interventions.map((row) => row.id), repairIds: repairs.map((row) => row.id) };
};
