import BetterSqlite3 from 'better-sqlite3';

export type PullConnection = {
  /** The connection pulled pages are written with. */
  sqlite: BetterSqlite3.Database;
  /** Runs one page's transaction with the pull's settings in force. */
  around: <T>(write: () => T) => T;
  close: () => void;
};

/**
 * A second connection to the replica for pulled pages, with foreign keys off (rows arrive in any
 * order; the server checked them) and commits without the power-loss fsync (`synchronous =
 * NORMAL`: still atomic, and pulled rows can always be fetched again). The technician's own work
 * keeps `FULL` and foreign keys on the main connection. Switching those settings around every page
 * on the shared connection expired every prepared statement each time, which cost a fifth of the
 * pull. An in-memory database has no second connection: there the settings are switched per page.
 * Both connections live on one thread and every transaction finishes synchronously, so they never
 * wait for each other.
 */
export const openPullConnection = (main: BetterSqlite3.Database): PullConnection => {
  if (main.memory) {
    return {
      sqlite: main,
      around: (write) => {
        main.pragma('foreign_keys = OFF');
        main.pragma('synchronous = NORMAL');
        try {
          return write();
        } finally {
          main.pragma('synchronous = FULL');
          main.pragma('foreign_keys = ON');
        }
      },
      close: () => undefined,
    };
  }
  const sqlite = new BetterSqlite3(main.name);
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return { sqlite, around: (write) => write(), close: () => sqlite.close() };
};
