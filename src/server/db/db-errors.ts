/** The engine's error code (PostgreSQL SQLSTATE, better-sqlite3 `SQLITE_…`), if any. */
export const dbErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;

/** A unique key refused a second row: on PostgreSQL the loser of a race learns it this way. */
export const isUniqueViolation = (error: unknown): boolean =>
  ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(dbErrorCode(error) ?? '');
