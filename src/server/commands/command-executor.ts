import type { Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import { repairRowToWire } from '../../shared/model/repair.mapping.ts';
import type { Command } from '../../shared/sync/commands.ts';
import type { SyncedRow } from '../../shared/sync/entities.ts';
import { commandReads, decideCommand } from '../../shared/sync/model/command-definitions.ts';
import { writtenRowId, type HourBankRecord, type RowWrite, type TimePolicy } from '../../shared/sync/model/command-effects.ts';
import { emptyAnswers, recordAnswer, rowKey, viewOf, type DeviceWork, type OpenWork, type RowEntity, type ViewAnswers, type ViewQuery } from '../../shared/sync/model/command-view.ts';
import type { Actor } from '../../shared/sync/rules.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { evaluateInterventionBilling, evaluateRepairBilling } from '../billing/billing.service.ts';
import { readCustomerOpenWork } from '../billing/open-work.repository.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { queueClosureSummary } from '../mail/closure-summary.ts';
import { queueReplyMail } from '../mail/reply-mail.ts';
import { queueWorkReportMail } from '../work-report/work-report-mail.ts';
import { workReportRowToWire, workReportWireToRow } from '../../shared/work-report/work-report.ts';
import { ticketMessageRowToWire, ticketMessageWireToRow } from '../../shared/conversation/ticket-message.ts';
import { contractRowToWire, customerRowToWire, deviceRowToWire, interventionRowToWire, ticketRowToWire } from '../db/row-mappers.ts';
import { flagColumn } from '../../shared/db/nullable-flag.ts';
import { readHourBank } from '../hour-bank/hour-bank.repository.ts';
import { billingPolicyRowToWire, supportCalendarRowToWire } from '../../shared/sync/entities.ts';
import { qualityWeekBounds, qualityWeekRowToWire, sampledCustomers } from '../../shared/review/quality-calls.ts';

type Trx = Transaction<ServerDatabase>;

/**
 * The API's I/O for the shared command model: loads what a command reads (locking those rows on
 * PostgreSQL, so a concurrent command on the same ticket or intervention waits for this one and
 * then decides on what this one wrote), runs the shared decision, and writes its effects. The
 * authority's own work follows: audit entries, billing re-evaluation, the closure mail.
 */
const readRow = async (trx: Trx, entity: RowEntity, id: string, lock: boolean): Promise<unknown> => {
  switch (entity) {
    case 'ticket': {
      const row = await lockedIf(trx.selectFrom('tickets').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? ticketRowToWire(row) : null;
    }
    case 'intervention': {
      const row = await lockedIf(trx.selectFrom('interventions').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? interventionRowToWire(row) : null;
    }
    case 'device': {
      const row = await lockedIf(trx.selectFrom('devices').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? deviceRowToWire(row) : null;
    }
    case 'customer': {
      const row = await trx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? customerRowToWire(row) : null;
    }
    case 'repair': {
      const row = await lockedIf(trx.selectFrom('repairs').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? repairRowToWire(row) : null;
    }
    case 'hour_bank': {
      // Derived from the ledger; the customer's row is locked so two leads' corrections never overdraw a pot.
      const customer = await lockedIf(trx.selectFrom('customers').select('id').where('id', '=', id), lock).executeTakeFirst();
      return customer ? readHourBank(trx, id) : null;
    }
    case 'support_calendar': {
      // Locked: two leads' edits apply one after the other, each to the version the other left.
      const row = await lockedIf(trx.selectFrom('support_calendar').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? supportCalendarRowToWire(row) : null;
    }
    case 'contract': {
      const row = await lockedIf(trx.selectFrom('contracts').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? contractRowToWire(row) : null;
    }
    case 'billing_policy': {
      // Locked: two admins' changes apply one after the other, each to the versions the other left.
      const row = await lockedIf(trx.selectFrom('billing_policy').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? billingPolicyRowToWire(row) : null;
    }
    case 'quality_week': {
      // Locked: two leads recording calls of the same week apply one after the other.
      const row = await lockedIf(trx.selectFrom('quality_weeks').selectAll().where('id', '=', id), lock).executeTakeFirst();
      return row ? qualityWeekRowToWire(row) : null;
    }
    case 'work_report': {
      const row = await trx.selectFrom('work_reports').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? workReportRowToWire(row) : null;
    }
    case 'ticket_message': {
      const row = await trx.selectFrom('ticket_messages').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ticketMessageRowToWire(row) : null;
    }
    case 'user': {
      // A disabled account is no one to assign work to.
      const row = await trx.selectFrom('users').select(['id', 'email', 'display_name', 'role']).where('id', '=', id).where('disabled', '=', 0).executeTakeFirst();
      return row ? ({ id: row.id, email: row.email, displayName: row.display_name, role: row.role } satisfies SyncedRow<'user'>) : null;
    }
  }
};

const keyColumns = { ticket: ['tickets', 'number'], customer: ['customers', 'code'], device: ['devices', 'serial'] } as const;

const answer = async (trx: Trx, query: ViewQuery, lock: boolean): Promise<unknown> => {
  switch (query.kind) {
    case 'row':
      return readRow(trx, query.entity, query.id, lock);
    case 'segments': {
      const rows = await lockedIf(trx.selectFrom('timer_segments').selectAll().where('intervention_id', '=', query.interventionId).orderBy('started_at'), lock).execute();
      return rows.map((row) => ({ id: row.id, interventionId: row.intervention_id, startedAt: row.started_at, endedAt: row.ended_at, awaitingConfirmation: row.awaiting_confirmation === 1 }) satisfies SyncedRow<'timer_segment'>);
    }
    case 'ticketInterventions': {
      const rows = await lockedIf(trx.selectFrom('interventions').selectAll().where('ticket_id', '=', query.ticketId).orderBy('started_at'), lock).execute();
      return rows.map(interventionRowToWire);
    }
    case 'customerContracts': {
      // Locked: two leads adding overlapping contracts at once apply one after the other.
      const rows = await lockedIf(trx.selectFrom('contracts').selectAll().where('customer_id', '=', query.customerId).orderBy('valid_from'), lock).execute();
      return rows.map(contractRowToWire);
    }
    case 'customerOpenWork':
      return (await readCustomerOpenWork(trx, query.customerId)) satisfies OpenWork;
    case 'ticketRepairs': {
      const rows = await lockedIf(trx.selectFrom('repairs').selectAll().where('ticket_id', '=', query.ticketId).orderBy('id'), lock).execute();
      return rows.map(repairRowToWire);
    }
    case 'qualityCandidates': {
      const { closedFrom, closedBefore, quietFromWeek } = qualityWeekBounds(query.week);
      const candidates = await trx
        .selectFrom('tickets')
        .select(['id', 'customer_id', 'closed_at'])
        .where('status', '=', 'closed')
        .where('closed_at', '>=', closedFrom)
        .where('closed_at', '<', closedBefore)
        .orderBy('id')
        .execute();
      const earlier = await trx.selectFrom('quality_weeks').select('calls_json').where('week', '>=', quietFromWeek).where('week', '<', query.week).execute();
      return {
        candidates: candidates.map((row) => ({ ticketId: row.id, customerId: row.customer_id, closedAt: row.closed_at! })),
        recentlySampledCustomers: sampledCustomers(earlier.map((row) => row.calls_json)),
      };
    }
    case 'deviceWork': {
      // Locked like every row a command reads: a repair finished meanwhile waits for this decision.
      const [repairs, interventions] = [
        await lockedIf(trx.selectFrom('repairs').selectAll().where('device_id', '=', query.deviceId).orderBy('id'), lock).execute(),
        await lockedIf(trx.selectFrom('interventions').selectAll().where('device_id', '=', query.deviceId).orderBy('id'), lock).execute(),
      ];
      return { repairs: repairs.map(repairRowToWire), interventions: interventions.map(interventionRowToWire) } satisfies DeviceWork;
    }
    case 'keyTaken': {
      const [table, column] = keyColumns[query.entity];
      // A race past this check is caught by the unique index and answered as a conflict.
      const clash = await trx.selectFrom(table).select('id').where(column, '=', query.value).where('id', '!=', query.exceptId).executeTakeFirst();
      return clash !== undefined;
    }
  }
};

/**
 * How a written row is stored: the columns a command decides (`values`), the server's stamps set
 * whenever the row changes, and what only an insert sets. The billed figures are the billing
 * service's to write, never a command's.
 */
type StoredRow = {
  [T in StoredTable]: {
    table: T;
    values: Partial<ServerDatabase[T]>;
    stamps: Partial<ServerDatabase[T]>;
    insertOnly: Partial<ServerDatabase[T]>;
  };
}[StoredTable];
type StoredTable = 'work_reports' | 'ticket_messages' | 'contracts' | 'customers' | 'tickets' | 'interventions' | 'timer_segments' | 'devices' | 'repairs' | 'support_calendar' | 'quality_weeks' | 'billing_policy';

const storedRow = (write: RowWrite, actor: Actor, at: string): StoredRow => {
  switch (write.entity) {
    case 'customer': {
      const { code, name, vatNumber, email, phone, city, fiscalCode, address, postalCode, province, notes, accountManagerId } = write.row;
      return {
        table: 'customers',
        values: { code, name, vat_number: vatNumber, email, phone, city, fiscal_code: fiscalCode, address, postal_code: postalCode, province, notes, account_manager_id: accountManagerId },
        stamps: { updated_at: at }, insertOnly: { created_at: at } };
    }
    case 'ticket': {
      const row = write.row;
      return {
        table: 'tickets',
        values: {
          number: row.number,
          customer_id: row.customerId,
          channel: row.channel,
          subject: row.subject,
          description: row.description,
          priority: row.priority,
          status: row.status,
          blocking: row.blocking ? 1 : 0,
          cause: row.cause,
          resolution: row.resolution,
          assignee_id: row.assigneeId,
          opened_at: row.openedAt,
          updated_at: row.updatedAt,
          closed_at: row.closedAt,
          taken_at: row.takenAt,
        },
        stamps: {},
        insertOnly: { created_by: actor.id },
      };
    }
    case 'intervention': {
      const row = write.row;
      return {
        table: 'interventions',
        values: {
          ticket_id: row.ticketId,
          technician_id: row.technicianId,
          device_id: row.deviceId,
          mode: row.mode,
          activity: row.activity,
          backup_check: row.backupCheck,
          status: row.status,
          notes: row.notes,
          approved: row.approved ? 1 : 0,
          started_at: row.startedAt,
          stopped_at: row.stoppedAt,
          review_reason: row.reviewReason,
          software_up_to_date: flagColumn(row.softwareUpToDate),
          conforming_setup: flagColumn(row.conformingSetup),
        },
        stamps: { updated_at: at },
        insertOnly: { billing_json: null, created_at: at },
      };
    }
    case 'timer_segment': {
      const row = write.row;
      return {
        table: 'timer_segments',
        values: { intervention_id: row.interventionId, started_at: row.startedAt, ended_at: row.endedAt, awaiting_confirmation: row.awaitingConfirmation ? 1 : 0 },
        stamps: {},
        insertOnly: {},
      };
    }
    case 'device': {
      const row = write.row;
      return {
        table: 'devices',
        values: { customer_id: row.customerId, model: row.model, serial: row.serial, purchase_date: row.purchaseDate, warranty_months: row.warrantyMonths, warranty_review: row.warrantyReview },
        stamps: { updated_at: at },
        insertOnly: { created_at: at },
      };
    }
    case 'repair': {
      const row = write.row;
      return {
        table: 'repairs',
        values: {
          customer_id: row.customerId,
          device_id: row.deviceId,
          ticket_id: row.ticketId,
          reported_defect: row.reportedDefect,
          diagnosis: row.diagnosis,
          parts: row.parts,
          labour_minutes: row.labourMinutes,
          restore_minutes: row.restoreMinutes,
          transport: row.transport ? 1 : 0,
          status: row.status,
          received_on: row.receivedOn,
          warranty_covered: row.warrantyCovered ? 1 : 0,
          warranty_expires_on: row.warrantyExpiresOn,
          labour_logged_at: row.labourLoggedAt,
          restore_logged_at: row.restoreLoggedAt,
          review_reason: row.reviewReason,
          parts_json: JSON.stringify(row.partsUsed),
          transport_cents: row.transportNetCents,
          updated_at: row.updatedAt,
        },
        stamps: {},
        insertOnly: { billing_json: null, created_by: actor.id, created_at: at },
      };
    }
    case 'support_calendar': {
      const row = write.row;
      return {
        table: 'support_calendar',
        values: { revision: row.revision, calendar_json: JSON.stringify(row.calendar), updated_at: row.updatedAt, updated_by: row.updatedBy },
        stamps: {},
        insertOnly: {},
      };
    }
    case 'contract': {
      const { customerId, kind, validFrom, validTo, notes } = write.row;
      return { table: 'contracts', values: { customer_id: customerId, kind, valid_from: validFrom, valid_to: validTo, notes }, stamps: { updated_at: at }, insertOnly: { created_at: at } };
    }
    case 'billing_policy': {
      const row = write.row;
      return {
        table: 'billing_policy',
        values: { revision: row.revision, versions_json: JSON.stringify(row.versions), updated_at: row.updatedAt, updated_by: row.updatedBy },
        stamps: {},
        insertOnly: {},
      };
    }
    case 'quality_week': {
      const row = write.row;
      return {
        table: 'quality_weeks',
        values: { week: row.week, share_percent: row.sharePercent, closed_tickets: row.closedTickets, sampled_at: row.sampledAt, sampled_by: row.sampledBy, calls_json: JSON.stringify(row.calls) },
        stamps: { updated_at: at },
        insertOnly: {},
      };
    }
    case 'work_report': {
      const { id: _id, ...values } = workReportWireToRow(write.row);
      return { table: 'work_reports', values, stamps: {}, insertOnly: { stored_at: at } };
    }
    case 'ticket_message': {
      const { id: _id, ...values } = ticketMessageWireToRow(write.row);
      return { table: 'ticket_messages', values, stamps: {}, insertOnly: { created_at: at, contact_id: null, mail_message_id: null } };
    }
    case 'hour_bank':
      // `writeRow` never stores it: the ledger is the hour bank.
      throw new AppFailure('internal', 'Il monte ore si registra nel suo registro, non come riga.');
  }
};

/**
 * Stores a decided row. A row the command read (and locked) is updated in the columns that differ
 * from what was read, plus the stamps: an UPDATE naming an unchanged indexed column still rewrites
 * that index (and on PostgreSQL rules out a heap-only update). A new row is inserted.
 */
const writeRow = async (trx: Trx, write: RowWrite, before: RowWrite['row'] | null | undefined, actor: Actor, at: string): Promise<void> => {
  // The API derives a customer's hour bank from its ledger (`hourBank` effects): nothing to store.
  if (write.entity === 'hour_bank') return;
  const target = storedRow(write, actor, at);
  // Kysely cannot follow a table chosen at run time; every `StoredRow` is typed against its own table.
  const table = target.table as 'tickets';
  const values = target.values as Partial<ServerDatabase['tickets']>;
  const stamps = target.stamps as Partial<ServerDatabase['tickets']>;
  if (before) {
    const previous = storedRow({ entity: write.entity, row: before } as RowWrite, actor, at).values as Record<string, unknown>;
    const changed = Object.fromEntries(Object.entries(values).filter(([column, value]) => previous[column] !== value));
    if (Object.keys(changed).length === 0) return;
    await trx.updateTable(table).set({ ...changed, ...stamps }).where('id', '=', writtenRowId(write)).execute();
    return;
  }
  const updated = { ...values, ...stamps };
  await trx
    .insertInto(table)
    .values({ id: writtenRowId(write), ...updated, ...(target.insertOnly as Partial<ServerDatabase['tickets']>) } as ServerDatabase['tickets'])
    .onConflict((oc) => oc.column('id').doUpdateSet(updated))
    .execute();
};

/** The row a command read before deciding, when it read it: `null` when it read that it does not exist. */
const rowBefore = (answers: ViewAnswers, write: RowWrite): RowWrite['row'] | null | undefined => {
  if (write.entity === 'timer_segment') {
    for (const segments of answers.segments.values()) {
      const found = segments.find((segment) => segment.id === writtenRowId(write));
      if (found) return found;
    }
    return undefined;
  }
  const key = rowKey(write.entity, writtenRowId(write));
  return answers.rows.has(key) ? ((answers.rows.get(key) ?? null) as RowWrite['row'] | null) : undefined;
};

/** A grant, a correction or a package sale, as the authority keeps it. */
const writeHourBankRecord = async (trx: Trx, record: HourBankRecord, actor: Actor, at: string): Promise<void> => {
  if (record.kind === 'package') {
    await trx
      .insertInto('hour_bank_packages')
      .values({ id: record.id, customer_id: record.customerId, minutes: record.minutes, rate_cents: record.rateCents, purchased_on: record.purchasedOn, expires_on: record.expiresOn, created_at: at })
      .execute();
    return;
  }
  await trx
    .insertInto('hour_bank_ledger')
    .values({
      id: newId(),
      customer_id: record.customerId,
      entry_type: record.entryType,
      source: record.source,
      package_id: record.packageId,
      minutes: record.minutes,
      intervention_id: null,
      repair_id: null,
      reason: record.reason,
      author_id: actor.id,
      created_at: at,
    })
    .execute();
};

/** Runs one command inside the caller's transaction; answers the rows it changed for the change log. */
export const executeCommand = async (trx: Trx, actor: Actor, command: Command, now: Date, policy: TimePolicy): Promise<ChangeRef[]> => {
  // A message names files its console uploaded before (online); the API alone keeps files, so it alone checks they are there.
  if (command.name === 'ticket.message' && command.args.attachments.length > 0) {
    const kept = await trx.selectFrom('attachments').select('sha256').where('sha256', 'in', command.args.attachments.map((attachment) => attachment.sha256)).execute();
    const missing = command.args.attachments.find((attachment) => !kept.some((row) => row.sha256 === attachment.sha256));
    if (missing) throw new AppFailure('invalid_argument', `L’allegato «${missing.name}» non è sull’API centrale: allegalo di nuovo.`);
  }
  const lock = canLockRows(trx);
  const answers = emptyAnswers();
  for (const query of commandReads(command)) recordAnswer(answers, query, await answer(trx, query, lock));
  const at = now.toISOString();
  const effects = decideCommand(viewOf(answers), command, { actor, now: at, policy });
  const refs: ChangeRef[] = [];
  // A row written twice by one command is compared with its first write, not with what was read.
  const written = new Map<string, RowWrite['row']>();
  for (const write of effects.writes) {
    const key = `${write.entity}:${writtenRowId(write)}`;
    await writeRow(trx, write, written.has(key) ? written.get(key) : rowBefore(answers, write), actor, at);
    written.set(key, write.row);
    refs.push({ entity: write.entity, id: writtenRowId(write) });
    // A new customer starts with an (empty) hour bank the consoles must know about.
    if (write.entity === 'customer') refs.push({ entity: 'hour_bank', id: write.row.id });
  }
  for (const record of effects.hourBank) await writeHourBankRecord(trx, record, actor, at);
  for (const entry of effects.audits) await writeAudit(trx, actor.id, entry, at);
  for (const item of effects.evaluate) {
    const request = { actorId: actor.id, reason: item.reason, now };
    refs.push(
      ...(item.entity === 'intervention'
        ? await evaluateInterventionBilling(trx, { ...request, interventionId: item.id })
        : await evaluateRepairBilling(trx, { ...request, repairId: item.id })),
    );
  }
  if (effects.closureMailFor) await queueClosureSummary(trx, effects.closureMailFor, now);
  if (effects.replyMailFor) await queueReplyMail(trx, effects.replyMailFor, now);
  if (effects.workReportMailFor) await queueWorkReportMail(trx, effects.workReportMailFor, now);
  return refs;
};
