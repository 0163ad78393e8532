import { contractRowToWire, type ContractRecordRow } from '../../../shared/model/contract.mapping.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';
import { readQualityCandidates } from '../quality/quality.repository.ts';
import { repairRowToWire, type RepairRecordRow } from '../../../shared/model/repair.mapping.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Command } from '../../../shared/sync/commands.ts';
import type { SyncedRow } from '../../../shared/sync/entities.ts';
import { syncedTables } from './synced-tables.ts';
import { commandReads, decideCommand } from '../../../shared/sync/model/command-definitions.ts';
import { writtenRowId, type DecisionContext } from '../../../shared/sync/model/command-effects.ts';
import {
  emptyAnswers,
  recordAnswer,
  viewOf,
  type DeviceWork,
  type OpenWork,
  type KeyEntity,
  type RowEntity,
  type ViewQuery,
} from '../../../shared/sync/model/command-view.ts';
import type { Change } from '../../../shared/sync/protocol.ts';

type Db = BetterSqlite3.Database;

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

/** Reads replica rows in the wire's shape: what a command's decision sees (one descriptor per table: `synced-tables.ts`). */
export const createLocalRowReader = (sqlite: Db) => {
  const prepared = preparedOnce(sqlite);
  const reader =
    <E extends RowEntity>(entity: E) =>
    (id: string): SyncedRow<E> | null => {
      const { table, key, fromRow } = syncedTables[entity];
      if (!fromRow) throw new AppFailure('internal', `Nessuna lettura locale per ${entity}.`);
      const row = prepared<[string], Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id);
      return row ? fromRow(row) : null;
    };
  const rowReaders: { [E in RowEntity]: (id: string) => SyncedRow<E> | null } = {
    ticket: reader('ticket'),
    intervention: reader('intervention'),
    device: reader('device'),
    customer: reader('customer'),
    repair: reader('repair'),
    hour_bank: reader('hour_bank'),
    support_calendar: reader('support_calendar'),
    quality_week: reader('quality_week'),
    billing_policy: reader('billing_policy'),
    contract: reader('contract'),
    user: reader('user'),
    ticket_message: reader('ticket_message'),
    work_report: reader('work_report'),
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

  const interventionFromRow = syncedTables.intervention.fromRow!;
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
        return prepared<[string], Record<string, unknown>>('SELECT * FROM interventions WHERE ticket_id = ? ORDER BY started_at')
          .all(query.ticketId)
          .map(interventionFromRow);
      case 'customerContracts':
        return prepared<[string], ContractRecordRow>('SELECT id, customer_id, kind, valid_from, valid_to, notes FROM contracts WHERE customer_id = ? ORDER BY valid_from')
          .all(query.customerId)
          .map(contractRowToWire);
      case 'customerOpenWork':
        return {
          interventionIds: prepared<[string], { id: string }>(
            "SELECT i.id FROM interventions i JOIN tickets t ON t.id = i.ticket_id WHERE t.customer_id = ? AND t.status != 'closed' AND i.status = 'stopped' ORDER BY i.started_at",
          )
            .all(query.customerId)
            .map((row) => row.id),
          repairIds: prepared<[string], { id: string }>("SELECT id FROM repairs WHERE customer_id = ? AND status = 'ready' ORDER BY id")
            .all(query.customerId)
            .map((row) => row.id),
        } satisfies OpenWork;
      case 'ticketRepairs':
        return prepared<[string], RepairRecordRow>('SELECT * FROM repairs WHERE ticket_id = ? ORDER BY id').all(query.ticketId).map(repairRowToWire);
      case 'qualityCandidates':
        return readQualityCandidates(sqlite, query.week);
      case 'deviceWork':
        return {
          repairs: prepared<[string], RepairRecordRow>('SELECT * FROM repairs WHERE device_id = ? ORDER BY id').all(query.deviceId).map(repairRowToWire),
          interventions: prepared<[string], Record<string, unknown>>('SELECT * FROM interventions WHERE device_id = ? ORDER BY id').all(query.deviceId).map(interventionFromRow),
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
