import type BetterSqlite3 from 'better-sqlite3';

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The connection's statement for this SQL text, prepared on first use: compiling a statement
 * costs more than running most of ours, and repositories run the same few on every sync step.
 * Only for fixed SQL texts (never text built from data).
 */
export const prepared = <P extends unknown[] | object = unknown[], R = unknown>(
  sqlite: BetterSqlite3.Database,
  sql: string,
): BetterSqlite3.Statement<P, R> => {
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as BetterSqlite3.Statement<P, R>;
};
