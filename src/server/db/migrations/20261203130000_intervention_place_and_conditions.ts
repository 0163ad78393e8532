import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const interventionPlaceAndConditionsMigration: ServerMigration = {
  id: '20261203130000_intervention_place_and_conditions',
  // Work in person is at the customer's premises or at the vendor's (`vendor_site`); the
  // conditions of standard assistance asked at the start of a standard activity are kept (null:
  // not asked). PostgreSQL widens the CHECK in place; SQLite rebuilds the table with its index and
  // invariant triggers, foreign keys off around it (`rebuildsTables`).
  rebuildsTables: true,
  statements: (dialect) => {
    const modes = "mode IN ('phone', 'remote', 'on_site', 'vendor_site')";
    const conditions = [
      `software_up_to_date INTEGER CHECK (software_up_to_date IN (0, 1))`,
      `conforming_setup INTEGER CHECK (conforming_setup IN (0, 1))`,
    ];
    if (dialect === 'postgres')
      return [
        `ALTER TABLE interventions DROP CONSTRAINT interventions_mode_check`,
        `ALTER TABLE interventions ADD CONSTRAINT interventions_mode_check CHECK (${modes})`,
        ...conditions.map((column) => `ALTER TABLE interventions ADD COLUMN ${column}`),
      ];
    const t = typesFor(dialect);
    const invariants = [
      { name: 'interventions_stopped_has_stopped_at', check: "(NEW.status = 'stopped') = (NEW.stopped_at IS NOT NULL)" },
      { name: 'interventions_stop_after_start', check: 'NEW.stopped_at IS NULL OR NEW.stopped_at >= NEW.started_at' },
    ];
    const columns = 'id, ticket_id, technician_id, device_id, mode, activity, backup_check, status, notes, approved, started_at, stopped_at, billing_json, created_at, updated_at, review_reason';
    return [
      `CREATE TABLE interventions_next (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        technician_id TEXT NOT NULL REFERENCES users(id),
        device_id TEXT REFERENCES devices(id),
        mode TEXT NOT NULL CHECK (${modes}),
        activity TEXT NOT NULL,
        backup_check TEXT NOT NULL CHECK (backup_check IN ('confirmed', 'not_needed_phone_info')),
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
        notes TEXT NOT NULL DEFAULT '',
        approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
        started_at ${t.instant} NOT NULL,
        stopped_at ${t.instant},
        billing_json TEXT,
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL,
        review_reason TEXT,
        ${conditions.join(',\n        ')}
      )${t.strict}`,
      `INSERT INTO interventions_next (${columns}) SELECT ${columns} FROM interventions`,
      `DROP TABLE interventions`,
      `ALTER TABLE interventions_next RENAME TO interventions`,
      `CREATE INDEX interventions_ticket ON interventions(ticket_id)`,
      ...invariants.flatMap(({ name, check }) =>
        ['INSERT', 'UPDATE'].map(
          (operation) =>
            `CREATE TRIGGER ${name}_${operation.toLowerCase()} BEFORE ${operation} ON interventions WHEN NOT (${check}) BEGIN SELECT RAISE(ABORT, 'invariant ${name}'); END`,
        ),
      ),
    ];
  },
};
