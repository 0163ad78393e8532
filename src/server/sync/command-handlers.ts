import type { Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { Command, CommandArgs, CommandName } from '../../shared/sync/commands.ts';
import {
  assertCanAssign,
  assertCanWriteIntervention,
  assertCanWriteTicket,
  assertInstantNotBefore,
  assertLead,
  assertTicketOpen,
  nextInterventionStatus,
  requiredLeadReason,
  type Actor,
} from '../../shared/sync/rules.ts';
import { canMoveRepair, repairStatusLabels, warrantyStatus } from '../../shared/domain/index.ts';
import { evaluateInterventionBilling } from '../billing/billing.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ChangeRef } from './change-log.ts';
import { buildClosureMail } from './closure-mail.ts';

type Trx = Transaction<ServerDatabase>;
type Handler<N extends CommandName> = (trx: Trx, actor: Actor, args: CommandArgs<N>, now: Date) => Promise<ChangeRef[]>;

const findTicket = async (trx: Trx, id: string) => {
  const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!ticket) throw new AppFailure('not_found', 'Ticket non trovato.');
  return ticket;
};

const findIntervention = async (trx: Trx, id: string) => {
  const intervention = await trx.selectFrom('interventions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!intervention) throw new AppFailure('not_found', 'Intervento non trovato.');
  return intervention;
};

const writableIntervention = async (trx: Trx, actor: Actor, id: string) => {
  const intervention = await findIntervention(trx, id);
  assertCanWriteIntervention(actor, { technicianId: intervention.technician_id, approved: intervention.approved === 1 });
  return intervention;
};

const openSegment = (trx: Trx, interventionId: string) =>
  trx.selectFrom('timer_segments').selectAll().where('intervention_id', '=', interventionId).where('ended_at', 'is', null).executeTakeFirst();

const closeOpenSegment = async (trx: Trx, interventionId: string, at: string): Promise<ChangeRef[]> => {
  const segment = await openSegment(trx, interventionId);
  if (!segment) return [];
  assertInstantNotBefore(at, segment.started_at, 'Fine del segmento');
  await trx.updateTable('timer_segments').set({ ended_at: at }).where('id', '=', segment.id).execute();
  return [{ entity: 'timer_segment', id: segment.id }];
};

const audit = (
  trx: Trx,
  actor: Actor,
  entity: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
  reason: string,
  now: Date,
) =>
  trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: actor.id,
      entity,
      entity_id: entityId,
      action,
      before_json: JSON.stringify(before),
      after_json: JSON.stringify(after),
      reason,
      created_at: now.toISOString(),
    })
    .execute();

const handlers: { [N in CommandName]: Handler<N> } = {
  async 'customer.create'(trx, _actor, args, now) {
    const exists = await trx.selectFrom('customers').select('id').where('id', '=', args.id).executeTakeFirst();
    if (exists) return [];
    const clash = await trx.selectFrom('customers').select('id').where('code', '=', args.code).executeTakeFirst();
    if (clash) throw new AppFailure('conflict', `Esiste già un cliente con codice ${args.code}.`);
    await trx
      .insertInto('customers')
      .values({
        id: args.id,
        code: args.code,
        name: args.name,
        vat_number: args.vatNumber,
        email: args.email,
        phone: args.phone,
        city: args.city,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    return [
      { entity: 'customer', id: args.id },
      { entity: 'hour_bank', id: args.id },
    ];
  },

  async 'ticket.create'(trx, actor, args, now) {
    const exists = await trx.selectFrom('tickets').select('id').where('id', '=', args.id).executeTakeFirst();
    if (exists) return [];
    const customer = await trx.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst();
    if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
    const clash = await trx.selectFrom('tickets').select('id').where('number', '=', args.number).executeTakeFirst();
    if (clash) throw new AppFailure('conflict', `Il numero di ticket ${args.number} è già in uso.`);
    await trx
      .insertInto('tickets')
      .values({
        id: args.id,
        number: args.number,
        customer_id: args.customerId,
        channel: args.channel,
        subject: args.subject,
        description: args.description,
        priority: args.priority,
        status: 'open',
        blocking: args.blocking ? 1 : 0,
        cause: null,
        resolution: null,
        assignee_id: null,
        created_by: actor.id,
        opened_at: args.openedAt,
        updated_at: now.toISOString(),
        closed_at: null,
      })
      .execute();
    return [{ entity: 'ticket', id: args.id }];
  },

  async 'ticket.assign'(trx, actor, args, now) {
    const ticket = await findTicket(trx, args.ticketId);
    assertTicketOpen(ticket);
    assertCanAssign(actor, { assigneeId: ticket.assignee_id }, args.assigneeId);
    if (args.assigneeId) {
      const user = await trx.selectFrom('users').select('id').where('id', '=', args.assigneeId).where('disabled', '=', 0).executeTakeFirst();
      if (!user) throw new AppFailure('not_found', 'Tecnico non trovato.');
    }
    await trx.updateTable('tickets').set({ assignee_id: args.assigneeId, updated_at: now.toISOString() }).where('id', '=', ticket.id).execute();
    return [{ entity: 'ticket', id: ticket.id }];
  },

  async 'ticket.update'(trx, actor, args, now) {
    const ticket = await findTicket(trx, args.ticketId);
    assertCanWriteTicket(actor, { assigneeId: ticket.assignee_id });
    assertTicketOpen(ticket);
    const reason = requiredLeadReason(actor, ticket.assignee_id, args.reason);
    // Field-level: only the fields named change, so two edits of different fields both survive.
    const { subject, description, priority, status, blocking } = args.changes;
    await trx
      .updateTable('tickets')
      .set({
        ...(subject !== undefined ? { subject } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(blocking !== undefined ? { blocking: blocking ? 1 : 0 } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', ticket.id)
      .execute();
    if (reason) await audit(trx, actor, 'ticket', ticket.id, 'ticket.update', ticket, args.changes, reason, now);
    return [{ entity: 'ticket', id: ticket.id }];
  },

  async 'ticket.close'(trx, actor, args, now) {
    const ticket = await findTicket(trx, args.ticketId);
    assertCanWriteTicket(actor, { assigneeId: ticket.assignee_id });
    assertTicketOpen(ticket);
    const running = await trx
      .selectFrom('interventions')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .where('status', '!=', 'stopped')
      .executeTakeFirst();
    if (running) throw new AppFailure('stale', 'Concludi gli interventi in corso prima di chiudere il ticket.');
    await trx
      .updateTable('tickets')
      .set({ status: 'closed', cause: args.cause, resolution: args.resolution, closed_at: args.closedAt, updated_at: now.toISOString() })
      .where('id', '=', ticket.id)
      .execute();
    const refs: ChangeRef[] = [{ entity: 'ticket', id: ticket.id }];
    const interventions = await trx.selectFrom('interventions').select('id').where('ticket_id', '=', ticket.id).orderBy('started_at').execute();
    for (const intervention of interventions) {
      refs.push(
        ...(await evaluateInterventionBilling(trx, {
          interventionId: intervention.id,
          actorId: actor.id,
          reason: args.cause === 'customer' ? 'Ticket chiuso con causa cliente' : 'Chiusura del ticket',
          now,
        })),
      );
    }
    await buildClosureMail(trx, ticket.id, now);
    return refs;
  },

  async 'intervention.start'(trx, actor, args, now) {
    const exists = await trx.selectFrom('interventions').select('id').where('id', '=', args.id).executeTakeFirst();
    if (exists) return [];
    const ticket = await findTicket(trx, args.ticketId);
    assertCanWriteTicket(actor, { assigneeId: ticket.assignee_id });
    assertTicketOpen(ticket);
    if (args.deviceId) {
      const device = await trx.selectFrom('devices').select('customer_id').where('id', '=', args.deviceId).executeTakeFirst();
      if (!device || device.customer_id !== ticket.customer_id) throw new AppFailure('not_found', 'Dispositivo non trovato per questo cliente.');
    }
    const at = now.toISOString();
    await trx
      .insertInto('interventions')
      .values({
        id: args.id,
        ticket_id: ticket.id,
        technician_id: actor.id,
        device_id: args.deviceId,
        mode: args.mode,
        activity: args.activity,
        backup_check: args.backupCheck,
        status: 'running',
        notes: '',
        approved: 0,
        started_at: args.startedAt,
        stopped_at: null,
        billing_json: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await trx.insertInto('timer_segments').values({ id: args.segmentId, intervention_id: args.id, started_at: args.startedAt, ended_at: null }).execute();
    const refs: ChangeRef[] = [
      { entity: 'intervention', id: args.id },
      { entity: 'timer_segment', id: args.segmentId },
    ];
    if (ticket.status === 'open') {
      await trx.updateTable('tickets').set({ status: 'in_progress', updated_at: at }).where('id', '=', ticket.id).execute();
      refs.push({ entity: 'ticket', id: ticket.id });
    }
    return refs;
  },

  async 'intervention.pause'(trx, actor, args, now) {
    const intervention = await writableIntervention(trx, actor, args.interventionId);
    const status = nextInterventionStatus(intervention.status, 'pause');
    const refs = await closeOpenSegment(trx, intervention.id, args.at);
    await trx.updateTable('interventions').set({ status, updated_at: now.toISOString() }).where('id', '=', intervention.id).execute();
    return [...refs, { entity: 'intervention', id: intervention.id }];
  },

  async 'intervention.resume'(trx, actor, args, now) {
    const intervention = await writableIntervention(trx, actor, args.interventionId);
    const status = nextInterventionStatus(intervention.status, 'resume');
    const last = await trx
      .selectFrom('timer_segments')
      .select('ended_at')
      .where('intervention_id', '=', intervention.id)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    if (last?.ended_at) assertInstantNotBefore(args.at, last.ended_at, 'Ripresa');
    await trx.insertInto('timer_segments').values({ id: args.segmentId, intervention_id: intervention.id, started_at: args.at, ended_at: null }).execute();
    await trx.updateTable('interventions').set({ status, updated_at: now.toISOString() }).where('id', '=', intervention.id).execute();
    return [
      { entity: 'timer_segment', id: args.segmentId },
      { entity: 'intervention', id: intervention.id },
    ];
  },

  async 'intervention.stop'(trx, actor, args, now) {
    const intervention = await writableIntervention(trx, actor, args.interventionId);
    const status = nextInterventionStatus(intervention.status, 'stop');
    const refs = await closeOpenSegment(trx, intervention.id, args.at);
    await trx
      .updateTable('interventions')
      .set({ status, stopped_at: args.at, updated_at: now.toISOString() })
      .where('id', '=', intervention.id)
      .execute();
    const billing = await evaluateInterventionBilling(trx, { interventionId: intervention.id, actorId: actor.id, reason: 'Intervento concluso', now });
    return [...refs, { entity: 'intervention', id: intervention.id }, ...billing];
  },

  async 'intervention.edit'(trx, actor, args, now) {
    const intervention = await writableIntervention(trx, actor, args.interventionId);
    const reason = requiredLeadReason(actor, intervention.technician_id, args.reason);
    const { notes, activity, mode } = args.changes;
    await trx
      .updateTable('interventions')
      .set({
        ...(notes !== undefined ? { notes } : {}),
        ...(activity !== undefined ? { activity } : {}),
        ...(mode !== undefined ? { mode } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', intervention.id)
      .execute();
    if (reason) await audit(trx, actor, 'intervention', intervention.id, 'intervention.edit', intervention, args.changes, reason, now);
    const billing =
      activity !== undefined || mode !== undefined
        ? await evaluateInterventionBilling(trx, { interventionId: intervention.id, actorId: actor.id, reason: 'Intervento modificato', now })
        : [];
    return [{ entity: 'intervention', id: intervention.id }, ...billing];
  },

  async 'intervention.approve'(trx, actor, args, now) {
    assertLead(actor, 'approvare gli interventi');
    const intervention = await findIntervention(trx, args.interventionId);
    if (intervention.status !== 'stopped') throw new AppFailure('stale', 'Solo un intervento concluso può essere approvato.');
    if (intervention.approved === 1) return [];
    await trx.updateTable('interventions').set({ approved: 1, updated_at: now.toISOString() }).where('id', '=', intervention.id).execute();
    await audit(trx, actor, 'intervention', intervention.id, 'intervention.approve', { approved: false }, { approved: true }, 'Approvazione', now);
    return [{ entity: 'intervention', id: intervention.id }];
  },

  async 'device.upsert'(trx, _actor, args, now) {
    const customer = await trx.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst();
    if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
    const clash = await trx.selectFrom('devices').select('id').where('serial', '=', args.serial).where('id', '!=', args.id).executeTakeFirst();
    if (clash) throw new AppFailure('conflict', `Esiste già un dispositivo con matricola ${args.serial}.`);
    const at = now.toISOString();
    await trx
      .insertInto('devices')
      .values({
        id: args.id,
        customer_id: args.customerId,
        model: args.model,
        serial: args.serial,
        purchase_date: args.purchaseDate,
        warranty_months: args.warrantyMonths,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          model: args.model,
          serial: args.serial,
          purchase_date: args.purchaseDate,
          warranty_months: args.warrantyMonths,
          updated_at: at,
        }),
      )
      .execute();
    return [{ entity: 'device', id: args.id }];
  },
  async 'repair.create'(trx, actor, args, now) {
    const exists = await trx.selectFrom('repairs').select('id').where('id', '=', args.id).executeTakeFirst();
    if (exists) return [];
    const device = await trx.selectFrom('devices').selectAll().where('id', '=', args.deviceId).executeTakeFirst();
    if (!device || device.customer_id !== args.customerId) throw new AppFailure('not_found', 'Dispositivo non trovato per questo cliente.');
    // The verdict is taken on the day the device is received, and kept with the record.
    const warranty = warrantyStatus({ purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months }, args.receivedOn);
    const at = now.toISOString();
    await trx
      .insertInto('repairs')
      .values({
        id: args.id,
        customer_id: args.customerId,
        device_id: args.deviceId,
        ticket_id: args.ticketId,
        reported_defect: args.reportedDefect,
        diagnosis: '',
        parts: '',
        labour_minutes: 0,
        restore_minutes: 0,
        transport: 0,
        status: 'received',
        received_on: args.receivedOn,
        warranty_covered: warranty.covered ? 1 : 0,
        warranty_expires_on: warranty.expiresOn,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return [{ entity: 'repair', id: args.id }];
  },

  async 'repair.update'(trx, _actor, args, now) {
    const repair = await trx.selectFrom('repairs').select(['id', 'status']).where('id', '=', args.repairId).executeTakeFirst();
    if (!repair) throw new AppFailure('not_found', 'Riparazione non trovata.');
    if (repair.status === 'returned' || repair.status === 'rejected') throw new AppFailure('stale', 'La riparazione è già conclusa.');
    const { diagnosis, parts, labourMinutes, restoreMinutes, transport } = args.changes;
    await trx
      .updateTable('repairs')
      .set({
        ...(diagnosis !== undefined ? { diagnosis } : {}),
        ...(parts !== undefined ? { parts } : {}),
        ...(labourMinutes !== undefined ? { labour_minutes: labourMinutes } : {}),
        ...(restoreMinutes !== undefined ? { restore_minutes: restoreMinutes } : {}),
        ...(transport !== undefined ? { transport: transport ? 1 : 0 } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', repair.id)
      .execute();
    return [{ entity: 'repair', id: repair.id }];
  },

  async 'repair.advance'(trx, _actor, args, now) {
    const repair = await trx.selectFrom('repairs').select(['id', 'status']).where('id', '=', args.repairId).executeTakeFirst();
    if (!repair) throw new AppFailure('not_found', 'Riparazione non trovata.');
    if (repair.status === args.status) return [];
    if (!canMoveRepair(repair.status, args.status)) {
      throw new AppFailure('stale', `La riparazione è «${repairStatusLabels[repair.status]}»: non può passare a «${repairStatusLabels[args.status]}».`);
    }
    await trx.updateTable('repairs').set({ status: args.status, updated_at: now.toISOString() }).where('id', '=', repair.id).execute();
    return [{ entity: 'repair', id: repair.id }];
  },
};

export const applyCommand = (trx: Trx, actor: Actor, command: Command, now: Date): Promise<ChangeRef[]> =>
  (handlers[command.name] as Handler<CommandName>)(trx, actor, command.args as never, now);
