import type BetterSqlite3 from 'better-sqlite3';
import { syncEntities, syncEntitySchemas, type SyncEntity, type SyncedRow } from '../../../shared/sync/entities.ts';
import { syncedTables } from './synced-tables.ts';
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
  const writer = <E extends SyncEntity>(entity: E) => {
    const { table, columns, ...options } = syncedTables[entity];
    return rowWriter(table, columns, options);
  };
  const writers = Object.fromEntries(syncEntities.map((entity) => [entity, writer(entity)])) as Record<SyncEntity, (values: Record<string, unknown>) => void>;
  const freeMinutes = sqlite.prepare('UPDATE customers SET free_minutes = ? WHERE id = ?');
  const deletes = Object.fromEntries(
    syncEntities.map((entity) => [entity, sqlite.prepare(`DELETE FROM ${syncedTables[entity].table} WHERE ${syncedTables[entity].key} = ?`)]),
  ) as Record<SyncEntity, BetterSqlite3.Statement>;

  /** A pulled row, validated against its wire schema, as the parameters of its table's statements. */
  const parameters = <E extends SyncEntity>(entity: E, data: unknown, stamp: string): Record<string, unknown> =>
    syncedTables[entity].toParams(syncEntitySchemas[entity].parse(data) as SyncedRow<E>, stamp);

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
      writers[entity](values);
      // The customer row keeps a copy of its free minutes for the queue's badges.
      if (entity === 'hour_bank') freeMinutes.run(values['freeMinutes'], values['customerId']);
    }
  };
};
