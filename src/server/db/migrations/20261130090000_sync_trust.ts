import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const syncTrustMigration: ServerMigration = {
  id: '20261130090000_sync_trust',
  // The invariants the consoles' tables enforce hold here too, so no impossible row is committed
  // anywhere (and none is pulled into a console that would refuse it). Existing rows are not
  // re-checked (PostgreSQL: NOT VALID; SQLite: triggers), new and changed ones always are.
  statements: (dialect) => {
    const invariants: Array<{ table: string; name: string; check: string }> = [
      { table: 'tickets', name: 'tickets_closed_has_closed_at', check: "(status = 'closed') = (closed_at IS NOT NULL)" },
      { table: 'tickets', name: 'tickets_closed_after_opened', check: 'closed_at IS NULL OR closed_at >= opened_at' },
      { table: 'interventions', name: 'interventions_stopped_has_stopped_at', check: "(status = 'stopped') = (stopped_at IS NOT NULL)" },
      { table: 'interventions', name: 'interventions_stop_after_start', check: 'stopped_at IS NULL OR stopped_at >= started_at' },
      { table: 'timer_segments', name: 'timer_segments_end_after_start', check: 'ended_at IS NULL OR ended_at >= started_at' },
      { table: 'devices', name: 'devices_warranty_months', check: 'warranty_months BETWEEN 12 AND 36' },
      { table: 'contracts', name: 'contracts_valid_range', check: 'valid_to IS NULL OR valid_to >= valid_from' },
    ];
    const checks =
      dialect === 'postgres'
        ? invariants.map(({ table, name, check }) => `ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`)
        : invariants.flatMap(({ table, name, check }) =>
            ['INSERT', 'UPDATE'].map(
              (operation) =>
                `CREATE TRIGGER ${name}_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
                 WHEN NOT (${check.replaceAll(/\b(status|closed_at|opened_at|stopped_at|started_at|ended_at|warranty_months|valid_to|valid_from)\b/g, 'NEW.$1')})
                 BEGIN SELECT RAISE(ABORT, 'invariant ${name}'); END`,
            ),
          );
    return [`ALTER TABLE interventions ADD COLUMN review_reason TEXT`, ...checks];
  },
};
