/**
 * What every server migration is made of. Frozen like the migrations: a migration imports only
 * this file, never live code, so what it does never changes after it is committed.
 */
export type ServerDialect = 'postgres' | 'sqlite';

/** Column types that differ between the engines; everything else is written once. */
export const typesFor = (dialect: ServerDialect) =>
  dialect === 'postgres'
    ? { instant: 'TIMESTAMPTZ', day: 'DATE', big: 'BIGINT', strict: '' }
    : { instant: 'TEXT', day: 'TEXT', big: 'INTEGER', strict: ' STRICT' };

export type ServerMigration = {
  id: string;
  statements: (dialect: ServerDialect) => string[];
  /**
   * On SQLite the migration rebuilds a table others reference (a CHECK cannot change in place):
   * the runner turns foreign keys off around it and checks them before the commit, as SQLite's
   * documented procedure says. PostgreSQL alters constraints in place and needs nothing.
   */
  rebuildsTables?: true;
};
