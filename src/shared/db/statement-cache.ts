/** What Kysely's SQLite dialect needs of a database: better-sqlite3's `prepare` and `close`. */
type PreparingDatabase<S> = { prepare(sql: string): S; close(): void };

/**
 * Kysely's SQLite driver prepares every query it runs; compiling the statement cost more than
 * running it (an upsert: ~120 µs to prepare, ~30 µs to run). The same SQL text is the same
 * statement, so the most recent `capacity` ones are kept and reused (least recently used first
 * out). Safe because queries on one connection run one at a time and we never stream results.
 */
export const withStatementCache = <S>(database: PreparingDatabase<S>, capacity = 300): PreparingDatabase<S> => {
  const statements = new Map<string, S>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value as string);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
};
