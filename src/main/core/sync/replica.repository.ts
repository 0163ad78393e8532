import type BetterSqlite3 from 'better-sqlite3';
import { writeTransaction } from '../db/write-transaction.ts';
import { replicaTablesChildrenFirst } from './synced-tables.ts';

/** Every table the console fills from the central API, children first (from the tables' descriptors). */
const replicaTables = replicaTablesChildrenFirst;
const ownWork = ['outbox', 'sent_commands', 'pending_restores', 'sync_quarantine', 'ticket_reads'] as const;

/**
 * Empties the local replica. `everything`: what one user pulled is not left readable for the next
 * one on a shared workstation (the caller made sure nothing is still owed to the server). Without
 * it (realignment), the outbox stays: pending work is replayed on top of the fresh copy.
 */
export const clearReplica = (
  sqlite: BetterSqlite3.Database,
  scope: 'everything' | 'keep-own-work' = 'everything',
): void => {
  sqlite.pragma('foreign_keys = OFF');
  try {
    writeTransaction(sqlite, () => {
      for (const table of replicaTables) sqlite.prepare(`DELETE FROM ${table}`).run();
      if (scope === 'everything') for (const table of ownWork) sqlite.prepare(`DELETE FROM ${table}`).run();
      else sqlite.prepare('DELETE FROM sync_quarantine').run();
    });
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
};

export const countRunningInterventions = (sqlite: BetterSqlite3.Database, technicianId: string): number =>
  sqlite
    .prepare<[string], { count: number }>(
      "SELECT count(*) AS count FROM interventions WHERE technician_id = ? AND status = 'running'",
    )
    .get(technicianId)?.count ?? 0;
