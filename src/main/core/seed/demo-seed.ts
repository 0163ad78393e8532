import type { Kysely } from 'kysely';
import { generateDemoData, type DemoDataOptions } from '../../../shared/demo/demo-data.ts';
import type { LocalDatabase } from '../db/schema.ts';

export type DemoSeedOptions = DemoDataOptions;

/** Fills an empty local database with the shared Italian demo data (the same the central API's --demo loads). */
export const seedDemoData = async (db: Kysely<LocalDatabase>, options: DemoSeedOptions = {}) => {
  const data = generateDemoData(options);
  const nowIso = (options.now ?? new Date()).toISOString();
  const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values(data.users.map((user) => ({ id: user.id, display_name: user.displayName, email: user.email, role: user.role })))
      .execute();
    await chunked(data.customers, (chunk) =>
      trx
        .insertInto('customers')
        .values(
          chunk.map((customer) => ({
            id: customer.id,
            code: customer.code,
            name: customer.name,
            vat_number: customer.vatNumber,
            email: customer.email,
            phone: customer.phone,
            city: customer.city,
            free_minutes: customer.freeMinutes,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        )
        .execute(),
    );
    await chunked(data.contracts, (chunk) =>
      trx
        .insertInto('contracts')
        .values(
          chunk.map((contract) => ({
            id: contract.id,
            customer_id: contract.customerId,
            kind: contract.kind,
            valid_from: contract.validFrom,
            valid_to: contract.validTo,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        )
        .execute(),
    );
    await chunked(data.devices, (chunk) =>
      trx
        .insertInto('devices')
        .values(
          chunk.map((device) => ({
            id: device.id,
            customer_id: device.customerId,
            model: device.model,
            serial: device.serial,
            purchase_date: device.purchaseDate,
            warranty_months: device.warrantyMonths,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        )
        .execute(),
    );
    await chunked(data.tickets, (chunk) =>
      trx
        .insertInto('tickets')
        .values(
          chunk.map((ticket) => ({
            id: ticket.id,
            number: ticket.number,
            customer_id: ticket.customerId,
            channel: ticket.channel,
            subject: ticket.subject,
            description: ticket.description,
            priority: ticket.priority,
            status: ticket.status,
            blocking: ticket.blocking ? 1 : 0,
            cause: ticket.cause,
            resolution: ticket.resolution,
            assignee_id: ticket.assigneeId,
            opened_at: ticket.openedAt,
            updated_at: ticket.updatedAt,
            closed_at: ticket.closedAt,
          })),
        )
        .execute(),
    );
    await chunked(data.interventions, (chunk) =>
      trx
        .insertInto('interventions')
        .values(
          chunk.map((intervention) => ({
            id: intervention.id,
            ticket_id: intervention.ticketId,
            technician_id: intervention.technicianId,
            mode: intervention.mode,
            activity: intervention.activity,
            backup_check: 'confirmed' as const,
            status: intervention.status,
            device_id: null,
            billing_json: null,
            classification_tier: null,
            classification_json: null,
            notes: '',
            started_at: intervention.startedAt,
            stopped_at: intervention.stoppedAt,
            created_at: intervention.startedAt,
            updated_at: intervention.segment.endedAt,
          })),
        )
        .execute(),
    );
    await chunked(data.interventions, (chunk) =>
      trx
        .insertInto('timer_segments')
        .values(
          chunk.map((intervention) => ({
            id: intervention.segment.id,
            intervention_id: intervention.id,
            started_at: intervention.segment.startedAt,
            ended_at: intervention.segment.endedAt,
            heartbeat_at: intervention.segment.endedAt,
            needs_confirmation: 0,
          })),
        )
        .execute(),
    );
  });
  return {
    users: data.users.length,
    customers: data.customers.length,
    contracts: data.contracts.length,
    devices: data.devices.length,
    tickets: data.tickets.length,
    interventions: data.interventions.length,
  };
};
