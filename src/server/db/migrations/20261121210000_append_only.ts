import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const appendOnlyMigration: ServerMigration = {
  id: '20261121210000_append_only',
  // The hour-bank ledger and the audit log are append-only: the database itself refuses
  // UPDATE and DELETE, whoever asks.
  statements: (dialect) =>
    dialect === 'postgres'
      ? [
          `CREATE FUNCTION presidio_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$`,
          `CREATE TRIGGER hour_bank_ledger_append_only BEFORE UPDATE OR DELETE ON hour_bank_ledger
           FOR EACH ROW EXECUTE FUNCTION presidio_append_only()`,
          `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
           FOR EACH ROW EXECUTE FUNCTION presidio_append_only()`,
        ]
      : ['hour_bank_ledger', 'audit_log'].flatMap((table) =>
          ['UPDATE', 'DELETE'].map(
            (operation) =>
              `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
               BEGIN SELECT RAISE(ABORT, 'append-only table ${table}'); END`,
          ),
        ),
};
