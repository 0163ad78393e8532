import type BetterSqlite3 from 'better-sqlite3';

/** Every table the console fills from the central API (children first), plus the outbox. */
const replicaTables = ['timer_segments', 'interventions', 'repairs', 'devices', 'contracts', 'hour_banks', 'tickets', 'customers', 'users', 'outbox'] as const;

/**
 * Empties the local replica: what one user pulled is not left readable for the next one on a
 * shared workstation. The caller has made sure nothing in the outbox is still owed to the server.
 */
export const clearReplica = (sqlite: BetterSqlite3.Database): void => {
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.transaction(() => {
      for (const table of replicaTables) sqlite.prepare(`DELETE FROM ${table}`).run();
    })();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
};

export const countRunningInterventions = (sqlite: BetterSqlite3.Database, technicianId: string): number =>
  sqlite.prepare<[string], { count: number }>("SELECT count(*) AS count FROM interventions WHERE technician_id = ? AND status = 'running'").get(technicianId)?.count ?? 0;
