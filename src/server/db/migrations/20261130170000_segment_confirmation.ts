import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const segmentConfirmationMigration: ServerMigration = {
  id: '20261130170000_segment_confirmation',
  // A segment a console's crash cut short waits for its technician's confirmation, and the lead sees it.
  statements: () => [`ALTER TABLE timer_segments ADD COLUMN awaiting_confirmation INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_confirmation IN (0, 1))`],
};
