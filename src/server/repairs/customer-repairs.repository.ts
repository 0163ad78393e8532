import type { Kysely, Transaction } from 'kysely';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';
import { customerRepairOf, type CustomerRepair } from '../../shared/model/customer-repair.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

/**
 * A customer's repairs as the customer reads them, newest first: all of them (the portal) or those
 * of one ticket (the closure mail). Always scoped by the customer, so no id from outside reaches
 * another customer's repairs.
 */
export const readCustomerRepairs = async (
  db: Kysely<ServerDatabase> | Transaction<ServerDatabase>,
  scope: { customerId: string; ticketId?: string },
): Promise<CustomerRepair[]> => {
  let query = db
    .selectFrom('repairs')
    .innerJoin('devices', 'devices.id', 'repairs.device_id')
    .leftJoin('tickets', 'tickets.id', 'repairs.ticket_id')
    .selectAll('repairs')
    .select(['devices.model as device_model', 'devices.serial as device_serial', 'devices.warranty_review as device_warranty_review', 'tickets.number as ticket_number'])
    .where('repairs.customer_id', '=', scope.customerId)
    .orderBy('repairs.received_on', 'desc')
    .orderBy('repairs.id', 'desc')
    .limit(200);
  if (scope.ticketId) query = query.where('repairs.ticket_id', '=', scope.ticketId);
  const rows = await query.execute();
  return rows.map((row) =>
    customerRepairOf(repairRowToWire(row), { model: row.device_model, serial: row.device_serial, warrantyReview: row.device_warranty_review }, row.ticket_number),
  );
};
