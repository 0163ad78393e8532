import type BetterSqlite3 from 'better-sqlite3';
import { syncEntitySchemas, type SyncEntity, type SyncedRow } from '../../../shared/sync/entities.ts';
import type { Change } from '../../../shared/sync/protocol.ts';

/**
 * Writes pulled rows into the local replica with prepared statements (a pull can carry hundreds
 * of thousands of rows). Each row is validated against the wire schema first: a malformed row is
 * an error, never a half-written record.
 */
export const createPullApplier = (sqlite: BetterSqlite3.Database) => {
  const now = () => new Date().toISOString();
  /**
   * Writes one table's rows: a new row is one insert; an existing row is compared with the pulled
   * one and only the columns that differ are updated. Most pulled rows are the console's own work
   * coming back with a field or two changed (a stamp, a status), and SQLite rewrites every index and
   * wakes every trigger naming a column in an UPDATE's SET list, changed or not: writing whole rows
   * cost about five times as much. `columns` maps each column to its parameter; `localOnly` columns
   * are this replica's (a local stamp, a heartbeat): set on insert and whenever the row changes
   * (`localUpdate` gives their update expression), never a reason to write the row.
   */
  const rowWriter = (
    table: string,
    columns: Record<string, string>,
    options: {
      key?: string;
      /** A unique business key (ticket number, customer code…): the server's row takes it from a local, not yet accepted one. */
      naturalKey?: string;
      localOnly?: Record<string, string>;
      localUpdate?: Record<string, string>;
      insertOnly?: Record<string, string>;
    } = {},
  ) => {
    const key = options.key ?? 'id';
    const naturalKey = options.naturalKey;
    // That local row's command will come back rejected and be listed for the technician.
    const clash = naturalKey
      ? sqlite.prepare(
          `DELETE FROM ${table} WHERE ${naturalKey} = @${columns[naturalKey]} AND ${key} != @${columns[key]}`,
        )
      : null;
    const keyParameter = columns[key]!;
    const inserted = {
      ...Object.fromEntries(Object.entries(columns).map(([column, parameter]) => [column, `@${parameter}`])),
      ...options.localOnly,
      ...options.insertOnly,
    };
    const insertSql = `INSERT INTO ${table} (${Object.keys(inserted).join(', ')}) VALUES (${Object.values(inserted).join(', ')})`;
    const insert = sqlite.prepare(insertSql);
    const insertIfNew = sqlite.prepare(`${insertSql} ON CONFLICT (${key}) DO NOTHING`);
    /** One statement for a new row; false when the row exists (or its business key is taken locally). */
    const insertedAsNew = (values: Record<string, unknown>): boolean => {
      try {
        return insertIfNew.run(values).changes === 1;
      } catch (error) {
        if (clash && error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE')
          return false;
        throw error;
      }
    };
    const compared = Object.keys(columns).filter((column) => column !== key);
    const parametersOf = compared.map((column) => columns[column]!);
    const current = sqlite
      .prepare<[unknown], unknown[]>(`SELECT ${compared.join(', ')} FROM ${table} WHERE ${key} = ?`)
      .raw();
    const localSet = Object.entries(options.localOnly ?? {}).map(
      ([column, value]) => `${column} = ${options.localUpdate?.[column] ?? value}`,
    );
    const updates = new Map<string, BetterSqlite3.Statement>();
    const updateOf = (changed: readonly string[]) => {
      const signature = changed.join(',');
      let statement = updates.get(signature);
      if (!statement) {
        const set = [...changed.map((column) => `${column} = @${columns[column]}`), ...localSet];
        statement = sqlite.prepare(`UPDATE ${table} SET ${set.join(', ')} WHERE ${key} = @${keyParameter}`);
        updates.set(signature, statement);
      }
      return statement;
    };
    // Pulled rows come in runs (a first pull: all new; a push coming back: all known), so the
    // writer tries first what the previous row turned out to be.
    let lastWasNew = true;
    return (values: Record<string, unknown>): void => {
      if (lastWasNew && insertedAsNew(values)) return;
      const stored = current.get(values[keyParameter]);
      lastWasNew = !stored;
      if (!stored) {
        clash?.run(values);
        insert.run(values);
        return;
      }
      const changed = compared.filter((_, index) => stored[index] !== (values[parametersOf[index]!] ?? null));
      if (changed.length === 0) return;
      if (naturalKey && changed.includes(naturalKey)) clash?.run(values);
      updateOf(changed).run(values);
    };
  };
  const stamped = { localOnly: { updated_at: '@now' }, insertOnly: { created_at: '@now' } };
  const writers = {
    user: rowWriter(
      'users',
      { id: 'id', display_name: 'displayName', email: 'email', role: 'role' },
      { naturalKey: 'email' },
    ),
    customer: rowWriter(
      'customers',
      {
        id: 'id',
        code: 'code',
        name: 'name',
        vat_number: 'vatNumber',
        email: 'email',
        phone: 'phone',
        city: 'city',
      },
      { ...stamped, naturalKey: 'code', insertOnly: { ...stamped.insertOnly, free_minutes: '0' } },
    ),
    contract: rowWriter(
      'contracts',
      { id: 'id', customer_id: 'customerId', kind: 'kind', valid_from: 'validFrom', valid_to: 'validTo' },
      stamped,
    ),
    device: rowWriter(
      'devices',
      {
        id: 'id',
        customer_id: 'customerId',
        model: 'model',
        serial: 'serial',
        purchase_date: 'purchaseDate',
        warranty_months: 'warrantyMonths',
        warranty_review: 'warrantyReview',
      },
      { ...stamped, naturalKey: 'serial' },
    ),
    ticket: rowWriter(
      'tickets',
      {
        id: 'id',
        number: 'number',
        customer_id: 'customerId',
        channel: 'channel',
        subject: 'subject',
        description: 'description',
        priority: 'priority',
        status: 'status',
        blocking: 'blocking',
        cause: 'cause',
        resolution: 'resolution',
        assignee_id: 'assigneeId',
        opened_at: 'openedAt',
        updated_at: 'updatedAt',
        closed_at: 'closedAt',
      },
      { naturalKey: 'number' },
    ),
    intervention: rowWriter(
      'interventions',
      {
        id: 'id',
        ticket_id: 'ticketId',
        technician_id: 'technicianId',
        device_id: 'deviceId',
        mode: 'mode',
        activity: 'activity',
        backup_check: 'backupCheck',
        status: 'status',
        notes: 'notes',
        approved: 'approved',
        billing_json: 'billing',
        review_reason: 'reviewReason',
        started_at: 'startedAt',
        stopped_at: 'stoppedAt',
      },
      stamped,
    ),
    // The heartbeat only ever moves forward: a pulled segment never takes back local progress.
    timer_segment: rowWriter(
      'timer_segments',
      { id: 'id', intervention_id: 'interventionId', started_at: 'startedAt', ended_at: 'endedAt', needs_confirmation: 'awaitingConfirmation' },
      {
        localOnly: { heartbeat_at: 'coalesce(@endedAt, @startedAt)' },
        localUpdate: { heartbeat_at: 'max(heartbeat_at, coalesce(@endedAt, @startedAt))' },
      },
    ),
    hour_bank: rowWriter('hour_banks', { customer_id: 'customerId', data: 'data' }, { key: 'customer_id' }),
    repair: rowWriter('repairs', {
      id: 'id',
      customer_id: 'customerId',
      device_id: 'deviceId',
      ticket_id: 'ticketId',
      reported_defect: 'reportedDefect',
      diagnosis: 'diagnosis',
      parts: 'parts',
      labour_minutes: 'labourMinutes',
      restore_minutes: 'restoreMinutes',
      transport: 'transport',
      status: 'status',
      received_on: 'receivedOn',
      warranty_covered: 'warrantyCovered',
      warranty_expires_on: 'warrantyExpiresOn',
      labour_logged_at: 'labourLoggedAt',
      restore_logged_at: 'restoreLoggedAt',
      billing_json: 'billing',
      review_reason: 'reviewReason',
      updated_at: 'updatedAt',
    }),
    support_calendar: rowWriter('support_calendar', {
      id: 'id',
      revision: 'revision',
      calendar_json: 'calendar',
      updated_at: 'updatedAt',
      updated_by: 'updatedBy',
    }),
    quality_week: rowWriter('quality_weeks', {
      id: 'id',
      week: 'week',
      share_percent: 'sharePercent',
      closed_tickets: 'closedTickets',
      sampled_at: 'sampledAt',
      sampled_by: 'sampledBy',
      calls_json: 'calls',
    }),
    feedback: rowWriter('ticket_feedback', { id: 'id', ticket_id: 'ticketId', rating: 'rating', comment: 'comment', submitted_at: 'submittedAt' }),
  } satisfies Record<SyncEntity, (values: Record<string, unknown>) => void>;
  const freeMinutes = sqlite.prepare('UPDATE customers SET free_minutes = ? WHERE id = ?');
  const tables = {
    user: 'users',
    customer: 'customers',
    contract: 'contracts',
    device: 'devices',
    ticket: 'tickets',
    intervention: 'interventions',
    timer_segment: 'timer_segments',
    hour_bank: 'hour_banks',
    repair: 'repairs',
    support_calendar: 'support_calendar',
    quality_week: 'quality_weeks',
    feedback: 'ticket_feedback',
  } as const satisfies Record<SyncEntity, string>;
  const deletes = Object.fromEntries(
    Object.entries(tables).map(([entity, table]) => [
      entity,
      sqlite.prepare(`DELETE FROM ${table} WHERE ${table === 'hour_banks' ? 'customer_id' : 'id'} = ?`),
    ]),
  ) as Record<SyncEntity, BetterSqlite3.Statement>;

  const parameters = (entity: SyncEntity, data: unknown, stamp: string): Record<string, unknown> => {
    const row = syncEntitySchemas[entity].parse(data) as SyncedRow<SyncEntity>;
    switch (entity) {
      case 'ticket': {
        const ticket = row as SyncedRow<'ticket'>;
        return { ...ticket, blocking: ticket.blocking ? 1 : 0 };
      }
      case 'intervention': {
        const intervention = row as SyncedRow<'intervention'>;
        return {
          ...intervention,
          approved: intervention.approved ? 1 : 0,
          billing: intervention.billing ? JSON.stringify(intervention.billing) : null,
          now: stamp,
        };
      }
      case 'repair': {
        const repair = row as SyncedRow<'repair'>;
        return {
          ...repair,
          transport: repair.transport ? 1 : 0,
          warrantyCovered: repair.warrantyCovered ? 1 : 0,
          billing: repair.billing ? JSON.stringify(repair.billing) : null,
        };
      }
      case 'hour_bank': {
        const bank = row as SyncedRow<'hour_bank'>;
        return { customerId: bank.customerId, data: JSON.stringify(bank), freeMinutes: bank.freeMinutes };
      }
      case 'timer_segment': {
        const segment = row as SyncedRow<'timer_segment'>;
        return { ...segment, awaitingConfirmation: segment.awaitingConfirmation ? 1 : 0 };
      }
      case 'support_calendar': {
        const calendar = row as SyncedRow<'support_calendar'>;
        return { ...calendar, calendar: JSON.stringify(calendar.calendar) };
      }
      case 'quality_week': {
        const week = row as SyncedRow<'quality_week'>;
        return { ...week, calls: JSON.stringify(week.calls) };
      }
      default:
        return { ...row, now: stamp };
    }
  };

  /** Applies changes; the caller wraps a page in one transaction with the new cursor. */
  return (changes: readonly Change[]): void => {
    // One local stamp for the rows written together (a clock read per row cost a few per cent of a pull).
    const stamp = now();
    for (const change of changes) {
      const entity = change.entity;
      if (change.op === 'delete' || change.data === null) {
        deletes[entity].run(change.id);
        continue;
      }
      const values = parameters(entity, change.data, stamp);
      if (entity === 'hour_bank') {
        writers.hour_bank({ customerId: values['customerId'], data: values['data'] });
        freeMinutes.run(values['freeMinutes'], values['customerId']);
      } else {
        writers[entity](values);
      }
    }
  };
};
