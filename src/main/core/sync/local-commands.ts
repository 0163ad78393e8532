import type BetterSqlite3 from 'better-sqlite3';
import { canMoveRepair, repairStatusLabels, warrantyStatus, type RepairStatus } from '../../../shared/domain/index.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Command, CommandArgs, CommandName } from '../../../shared/sync/commands.ts';
import {
  assertCanAssign,
  assertCanWriteIntervention,
  assertCanWriteTicket,
  assertLead,
  assertTicketOpen,
  nextInterventionStatus,
  requiredLeadReason,
  type Actor,
} from '../../../shared/sync/rules.ts';

/**
 * Applies a command to the local replica, as the central API will. `strict` (a technician's new
 * action) checks the shared rules first and refuses with the same Italian message the server
 * would give; the replay after a pull (`strict: false`) only re-applies what still makes sense,
 * so pending work never vanishes and never fails twice.
 */
type Db = BetterSqlite3.Database;
type Mode = { actor: Actor; strict: boolean; now: string };
type LocalHandler<N extends CommandName> = (db: Db, args: CommandArgs<N>, mode: Mode) => void;

type TicketRow = { id: string; status: string; assignee_id: string | null };
type InterventionRow = { id: string; technician_id: string; status: 'running' | 'paused' | 'stopped'; approved: number; ticket_id: string };

const ticketOf = (db: Db, id: string) => db.prepare<[string], TicketRow>('SELECT id, status, assignee_id FROM tickets WHERE id = ?').get(id);
const interventionOf = (db: Db, id: string) =>
  db.prepare<[string], InterventionRow>('SELECT id, technician_id, status, approved, ticket_id FROM interventions WHERE id = ?').get(id);

const requireTicket = (db: Db, id: string, mode: Mode) => {
  const ticket = ticketOf(db, id);
  if (!ticket && mode.strict) throw new AppFailure('not_found', 'Ticket non trovato.');
  return ticket;
};

const requireIntervention = (db: Db, id: string, mode: Mode) => {
  const intervention = interventionOf(db, id);
  if (!intervention) {
    if (mode.strict) throw new AppFailure('not_found', 'Intervento non trovato.');
    return undefined;
  }
  if (mode.strict) assertCanWriteIntervention(mode.actor, { technicianId: intervention.technician_id, approved: intervention.approved === 1 });
  return intervention;
};

const closeOpenSegment = (db: Db, interventionId: string, at: string) =>
  db.prepare('UPDATE timer_segments SET ended_at = max(started_at, ?), heartbeat_at = ? WHERE intervention_id = ? AND ended_at IS NULL').run(at, at, interventionId);

const handlers: { [N in CommandName]: LocalHandler<N> } = {
  'customer.create'(db, args, mode) {
    if (mode.strict && db.prepare('SELECT 1 FROM customers WHERE code = ? AND id != ?').get(args.code, args.id)) {
      throw new AppFailure('conflict', `Esiste già un cliente con codice ${args.code}.`);
    }
    db.prepare(
      `INSERT INTO customers (id, code, name, vat_number, email, phone, city, free_minutes, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.id, args.code, args.name, args.vatNumber, args.email, args.phone, args.city, mode.now, mode.now);
  },
  'ticket.create'(db, args, mode) {
    if (mode.strict && !db.prepare('SELECT 1 FROM customers WHERE id = ?').get(args.customerId)) {
      throw new AppFailure('not_found', 'Cliente non trovato.');
    }
    if (mode.strict && db.prepare('SELECT 1 FROM tickets WHERE number = ? AND id != ?').get(args.number, args.id)) {
      throw new AppFailure('conflict', `Il numero di ticket ${args.number} è già in uso.`);
    }
    db.prepare(
      `INSERT INTO tickets (id, number, customer_id, channel, subject, description, priority, status, blocking, opened_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.id, args.number, args.customerId, args.channel, args.subject, args.description, args.priority, args.blocking ? 1 : 0, args.openedAt, mode.now);
  },
  'ticket.assign'(db, args, mode) {
    const ticket = requireTicket(db, args.ticketId, mode);
    if (!ticket) return;
    if (mode.strict) {
      assertTicketOpen(ticket);
      assertCanAssign(mode.actor, { assigneeId: ticket.assignee_id }, args.assigneeId);
    }
    db.prepare('UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?').run(args.assigneeId, mode.now, args.ticketId);
  },
  'ticket.update'(db, args, mode) {
    const ticket = requireTicket(db, args.ticketId, mode);
    if (!ticket || (!mode.strict && ticket.status === 'closed')) return;
    if (mode.strict) {
      assertCanWriteTicket(mode.actor, { assigneeId: ticket.assignee_id });
      assertTicketOpen(ticket);
      requiredLeadReason(mode.actor, ticket.assignee_id, args.reason);
    }
    const { subject, description, priority, status, blocking } = args.changes;
    db.prepare(
      `UPDATE tickets SET subject = coalesce(?, subject), description = coalesce(?, description), priority = coalesce(?, priority),
         status = coalesce(?, status), blocking = coalesce(?, blocking), updated_at = ? WHERE id = ?`,
    ).run(subject ?? null, description ?? null, priority ?? null, status ?? null, blocking === undefined ? null : blocking ? 1 : 0, mode.now, args.ticketId);
  },
  'ticket.close'(db, args, mode) {
    const ticket = requireTicket(db, args.ticketId, mode);
    if (!ticket || ticket.status === 'closed') {
      if (mode.strict && ticket) assertTicketOpen(ticket);
      return;
    }
    if (mode.strict) {
      assertCanWriteTicket(mode.actor, { assigneeId: ticket.assignee_id });
      const running = db.prepare("SELECT 1 FROM interventions WHERE ticket_id = ? AND status != 'stopped'").get(args.ticketId);
      if (running) throw new AppFailure('stale', 'Concludi gli interventi in corso prima di chiudere il ticket.');
    }
    db.prepare(`UPDATE tickets SET status = 'closed', cause = ?, resolution = ?, closed_at = ?, updated_at = ? WHERE id = ?`).run(
      args.cause,
      args.resolution,
      args.closedAt,
      mode.now,
      args.ticketId,
    );
  },
  'intervention.start'(db, args, mode) {
    const ticket = requireTicket(db, args.ticketId, mode);
    if (!ticket) return;
    if (mode.strict) {
      assertCanWriteTicket(mode.actor, { assigneeId: ticket.assignee_id });
      assertTicketOpen(ticket);
    }
    db.prepare(
      `INSERT INTO interventions (id, ticket_id, technician_id, device_id, mode, activity, backup_check, status, notes, started_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', '', ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.id, args.ticketId, mode.actor.id, args.deviceId, args.mode, args.activity, args.backupCheck, args.startedAt, mode.now, mode.now);
    db.prepare(
      `INSERT INTO timer_segments (id, intervention_id, started_at, ended_at, heartbeat_at) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.segmentId, args.id, args.startedAt, args.startedAt);
    db.prepare(`UPDATE tickets SET status = 'in_progress', updated_at = ? WHERE id = ? AND status = 'open'`).run(mode.now, args.ticketId);
  },
  'intervention.pause'(db, args, mode) {
    const intervention = requireIntervention(db, args.interventionId, mode);
    if (!intervention || (!mode.strict && intervention.status !== 'running')) return;
    const status = nextInterventionStatus(intervention.status, 'pause');
    closeOpenSegment(db, intervention.id, args.at);
    db.prepare('UPDATE interventions SET status = ?, updated_at = ? WHERE id = ?').run(status, mode.now, intervention.id);
  },
  'intervention.resume'(db, args, mode) {
    const intervention = requireIntervention(db, args.interventionId, mode);
    if (!intervention || (!mode.strict && intervention.status !== 'paused')) return;
    const status = nextInterventionStatus(intervention.status, 'resume');
    db.prepare(
      `INSERT INTO timer_segments (id, intervention_id, started_at, ended_at, heartbeat_at) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.segmentId, intervention.id, args.at, args.at);
    db.prepare('UPDATE interventions SET status = ?, updated_at = ? WHERE id = ?').run(status, mode.now, intervention.id);
  },
  'intervention.stop'(db, args, mode) {
    const intervention = requireIntervention(db, args.interventionId, mode);
    if (!intervention || (!mode.strict && intervention.status === 'stopped')) return;
    const status = nextInterventionStatus(intervention.status, 'stop');
    closeOpenSegment(db, intervention.id, args.at);
    db.prepare('UPDATE interventions SET status = ?, stopped_at = ?, updated_at = ? WHERE id = ?').run(status, args.at, mode.now, intervention.id);
  },
  'intervention.edit'(db, args, mode) {
    const intervention = requireIntervention(db, args.interventionId, mode);
    if (!intervention) return;
    if (mode.strict) requiredLeadReason(mode.actor, intervention.technician_id, args.reason);
    const { notes, activity, mode: workMode } = args.changes;
    db.prepare('UPDATE interventions SET notes = coalesce(?, notes), activity = coalesce(?, activity), mode = coalesce(?, mode), updated_at = ? WHERE id = ?').run(
      notes ?? null,
      activity ?? null,
      workMode ?? null,
      mode.now,
      intervention.id,
    );
  },
  'intervention.approve'(db, args, mode) {
    if (mode.strict) assertLead(mode.actor, 'approvare gli interventi');
    db.prepare("UPDATE interventions SET approved = 1, updated_at = ? WHERE id = ? AND status = 'stopped'").run(mode.now, args.interventionId);
  },
  'device.upsert'(db, args, mode) {
    if (mode.strict && db.prepare('SELECT 1 FROM devices WHERE serial = ? AND id != ?').get(args.serial, args.id)) {
      throw new AppFailure('conflict', `Esiste già un dispositivo con matricola ${args.serial}.`);
    }
    db.prepare(
      `INSERT INTO devices (id, customer_id, model, serial, purchase_date, warranty_months, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET model = excluded.model, serial = excluded.serial, purchase_date = excluded.purchase_date,
         warranty_months = excluded.warranty_months, updated_at = excluded.updated_at`,
    ).run(args.id, args.customerId, args.model, args.serial, args.purchaseDate, args.warrantyMonths, mode.now, mode.now);
  },
  'repair.create'(db, args, mode) {
    const device = db
      .prepare<[string], { customer_id: string; purchase_date: string; warranty_months: number }>('SELECT customer_id, purchase_date, warranty_months FROM devices WHERE id = ?')
      .get(args.deviceId);
    if (!device || device.customer_id !== args.customerId) {
      if (mode.strict) throw new AppFailure('not_found', 'Dispositivo non trovato per questo cliente.');
      return;
    }
    const warranty = warrantyStatus({ purchaseDate: device.purchase_date, warrantyMonths: device.warranty_months }, args.receivedOn);
    db.prepare(
      `INSERT INTO repairs (id, customer_id, device_id, ticket_id, reported_defect, status, received_on, warranty_covered, warranty_expires_on, updated_at)
       VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(args.id, args.customerId, args.deviceId, args.ticketId, args.reportedDefect, args.receivedOn, warranty.covered ? 1 : 0, warranty.expiresOn, mode.now);
  },
  'repair.update'(db, args, mode) {
    const repair = db.prepare<[string], { status: RepairStatus }>('SELECT status FROM repairs WHERE id = ?').get(args.repairId);
    if (!repair) {
      if (mode.strict) throw new AppFailure('not_found', 'Riparazione non trovata.');
      return;
    }
    if (repair.status === 'returned' || repair.status === 'rejected') {
      if (mode.strict) throw new AppFailure('stale', 'La riparazione è già conclusa.');
      return;
    }
    const { diagnosis, parts, labourMinutes, restoreMinutes, transport } = args.changes;
    db.prepare(
      `UPDATE repairs SET diagnosis = coalesce(?, diagnosis), parts = coalesce(?, parts), labour_minutes = coalesce(?, labour_minutes),
         restore_minutes = coalesce(?, restore_minutes), transport = coalesce(?, transport), updated_at = ? WHERE id = ?`,
    ).run(diagnosis ?? null, parts ?? null, labourMinutes ?? null, restoreMinutes ?? null, transport === undefined ? null : transport ? 1 : 0, mode.now, args.repairId);
  },
  'repair.advance'(db, args, mode) {
    const repair = db.prepare<[string], { status: RepairStatus }>('SELECT status FROM repairs WHERE id = ?').get(args.repairId);
    if (!repair || repair.status === args.status) return;
    if (!canMoveRepair(repair.status, args.status)) {
      if (mode.strict) {
        throw new AppFailure('stale', `La riparazione è «${repairStatusLabels[repair.status]}»: non può passare a «${repairStatusLabels[args.status]}».`);
      }
      return;
    }
    db.prepare('UPDATE repairs SET status = ?, updated_at = ? WHERE id = ?').run(args.status, mode.now, args.repairId);
  },
};

export const applyCommandLocally = (db: Db, command: Command, mode: Mode): void => {
  try {
    (handlers[command.name] as LocalHandler<CommandName>)(db, command.args as never, mode);
  } catch (error) {
    // A constraint the checks did not foresee is still the technician's to read, not a crash.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT')) {
      throw new AppFailure('conflict', 'L’operazione è in conflitto con dati già presenti su questa postazione.');
    }
    throw error;
  }
};
