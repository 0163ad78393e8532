import type { ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const warrantyReviewMigration: ServerMigration = {
  id: '20261203090000_warranty_review',
  // Dates a console reports that decide the warranty wait for a team lead beyond the tolerance:
  // a device registered on the spot by a technician (`warranty_review`), a repair received long
  // before it was registered (`review_reason`). Null: nothing to confirm.
  statements: () => [`ALTER TABLE devices ADD COLUMN warranty_review TEXT`, `ALTER TABLE repairs ADD COLUMN review_reason TEXT`],
};
