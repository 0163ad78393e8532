export type Migration = {
  /** `yyyyMMddHHmmss_name`: the prefix orders migrations, the whole id is recorded once applied. */
  id: string;
  sql: string;
  /**
   * The migration rebuilds a table others reference (SQLite cannot change a CHECK in place). The
   * runner follows SQLite's documented procedure: foreign keys off outside the transaction,
   * `foreign_key_check` before the commit, foreign keys back on.
   */
  rebuildsTables?: true;
};
