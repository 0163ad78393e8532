import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';
import { readStoredSupportCalendar } from '../calendar/calendar.repository.ts';
import { readQualityCandidates, readQualityWeek } from '../quality/quality.repository.ts';
import { repairRowToWire, type RepairRecordRow } from '../../../shared/model/repair.mapping.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Command } from '../../../shared/sync/commands.ts';
import { billingFiguresSchema, type SyncedRow } from '../../../shared/sync/entities.ts';
import { hourBankViewSchema } from '../../../shared/model/billing.schema.ts';
import { commandReads, decideCommand } from '../../../shared/sync/model/command-definitions.ts';
import { writtenRowId, type DecisionContext } from '../../../shared/sync/model/command-effects.ts';
import {
  emptyAnswers,
  recordAnswer,
  viewOf,
  type DeviceWork,
  type KeyEntity,
  type RowEntity,
  type ViewQuery,
} from '../../../shared/sync/model/command-view.ts';
import type { Change } from '../../../shared/sync/protocol.ts';

type Db = BetterSqlite3.Database;

type TicketRow = Omit<SyncedRow<'ticket'>, 'blocking'> & { blocking: number };
type InterventionRow = Omit<SyncedRow<'intervention'>, 'approved' | 'billing'> & {
  approved: number;
  billing: string | null;
};

const ticketColumns = `id, number, customer_id AS customerId, channel, subject, description, priority, status, blocking, cause, resolution,
  assignee_id AS assigneeId, opened_at AS openedAt, updated_at AS updatedAt, closed_at AS closedAt`;
const interventionColumns = `id, ticket_id AS ticketId, technician_id AS technicianId, device_id AS deviceId, mode, activity,
  backup_check AS backupCheck, status, notes, approved, started_at AS startedAt, stopped_at AS stoppedAt, billing_json AS billing,
  review_reason AS reviewReason`;

const interventionToWire = (row: InterventionRow): SyncedRow<'intervention'> => ({
  ...row,
  approved: row.approved === 1,
  billing: row.billing ? billingFiguresSchema.parse(JSON.parse(row.billing)) : null,
});

/**
 * The console's I/O for the shared command model: loads the reads a command lists from the
 * replica (in the wire's shape) and writes its effects with the same statements a pull uses.
 * Nothing here decides whether a command is allowed: `decideCommand` does, exactly as on the API.
 */
/** Statements are prepared the first time they are used, then reused: commands are replayed on every pulled chunk. */
const preparedOnce =
  (sqlite: Db) =>
  <P extends unknown[], R>(text: string): BetterSqlite3.Statement<P, R> =>
    prepared<P, R>(sqlite, text);

/** Reads replica rows in the wire's shape: what a command's decision sees. */
export const createLocalRowReader = (sqlite: Db) => {
  const prepared = preparedOnce(sqlite);
  const rowReaders: { [E in RowEntity]: (id: string) => SyncedRow<E> | null } = {
    ticket: (id) => {
      const row = prepared<[string], TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE id = ?`).get(id);
      return row ? { ...row, blocking: row.blocking === 1 } : null;
    },
    intervention: (id) => {
      const row = prepared<[string], InterventionRow>(
        `SELECT ${interventionColumns} FROM interventions WHERE id = ?`,
      ).get(id);
      return row ? interventionToWire(row) : null;
    },
    device: (id) =>
      sqlite
        .prepare<[string], SyncedRow<'device'>>(
          'SELECT id, customer_id AS customerId, model, serial, purchase_date AS purchaseDate, warranty_months AS warrantyMonths, warranty_review AS warrantyReview FROM devices WHERE id = ?',
        )
        .get(id) ?? null,
    customer: (id) =>
      sqlite
        .prepare<[string], SyncedRow<'customer'>>(
          'SELECT id, code, name, vat_number AS vatNumber, email, phone, city FROM customers WHERE id = ?',
        )
        .get(id) ?? null,
    repair: (id) => {
      const row = prepared<[string], RepairRecordRow>('SELECT * FROM repairs WHERE id = ?').get(id);
      return row ? repairRowToWire(row) : null;
    },
    hour_bank: (customerId) => {
      const row = prepared<[string], { data: string }>('SELECT data FROM hour_banks WHERE customer_id = ?').get(customerId);
      return row ? { ...hourBankViewSchema.parse(JSON.parse(row.data)), customerId } : null;
    },
    support_calendar: (id) => {
      const stored = readStoredSupportCalendar(sqlite);
      return stored?.id === id ? stored : null;
    },
    quality_week: (id) => readQualityWeek(sqlite, id),
    user: (id) =>
      prepared<[string], SyncedRow<'user'>>(
        'SELECT id, email, display_name AS displayName, role FROM users WHERE id = ?',
      ).get(id) ?? null,
  };
  return rowReaders;
};

export const createLocalCommands = (sqlite: Db, writeRows: (changes: readonly Change[]) => void) => {
  const prepared = preparedOnce(sqlite);
  const rowReaders = createLocalRowReader(sqlite);
  const keyColumns = {
    ticket: ['tickets', 'number'],
    customer: ['customers', 'code'],
    device: ['devices', 'serial'],
  } as const satisfies Record<KeyEntity, readonly [string, string]>;

  const answer = (query: ViewQuery): unknown => {
    switch (query.kind) {
      case 'row':
        return rowReaders[query.entity](query.id);
      case 'segments':
        return prepared<[string], Omit<SyncedRow<'timer_segment'>, 'awaitingConfirmation'> & { awaitingConfirmation: number }>(
          'SELECT id, intervention_id AS interventionId, started_at AS startedAt, ended_at AS endedAt, needs_confirmation AS awaitingConfirmation FROM timer_segments WHERE intervention_id = ? ORDER BY started_at',
        )
          .all(query.interventionId)
          .map((segment) => ({ ...segment, awaitingConfirmation: segment.awaitingConfirmation === 1 }));
      case 'ticketInterventions':
        return sqlite
          .prepare<[string], InterventionRow>(
            `SELECT ${interventionColumns} FROM interventions WHERE ticket_id = ? ORDER BY started_at`,
          )
          .all(query.ticketId)
          .map(interventionToWire);
      case 'qualityCandidates':
        return readQualityCandidates(sqlite, query.week);
      case 'deviceWork':
        return {
          repairs: prepared<[string], RepairRecordRow>('SELECT * FROM repairs WHERE device_id = ? ORDER BY id').all(query.deviceId).map(repairRowToWire),
          interventions: prepared<[string], InterventionRow>(`SELECT ${interventionColumns} FROM interventions WHERE device_id = ? ORDER BY id`)
            .all(query.deviceId)
            .map(interventionToWire),
        } satisfies DeviceWork;
      case 'keyTaken': {
        const [table, column] = keyColumns[query.entity];
        return (
          prepared(`SELECT 1 FROM ${table} WHERE ${column} = ? AND id != ?`).get(
            query.value,
            query.exceptId,
          ) !== undefined
        );
      }
    }
  };

  /**
   * Decides and applies a command on the replica. Throws the shared decision's `AppFailure`
   * (Italian reason) when it is refused, so a technician hears at once what the API would say.
   */
  const apply = (command: Command, context: DecisionContext): void => {
    const answers = emptyAnswers();
    for (const query of commandReads(command)) recordAnswer(answers, query, answer(query));
    const effects = decideCommand(viewOf(answers), command, context);
    try {
      writeRows(
        effects.writes.map((write) => ({
          seq: 1,
          entity: write.entity,
          id: writtenRowId(write),
          op: 'upsert',
          data: write.row,
        })),
      );
    } catch (error) {
      // A constraint the shared checks could not see locally is still the technician's to read, not a crash.
      if (error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT')) {
        throw new AppFailure(
          'conflict',
          'L’operazione è in conflitto con dati già presenti su questa postazione.',
        );
      }
      throw error;
    }
  };

  return { apply };
};
export type LocalCommands = ReturnType<typeof createLocalCommands>;
