import type { Migration } from '../migration.types.ts';

/**
 * Immutable. Dates a console reports that decide the warranty wait for a team lead beyond the
 * tolerance: a device registered on the spot by a technician keeps why its warranty is not yet
 * applied (`warranty_review`), a repair received long before it was registered keeps why its
 * receipt day is not yet trusted (`review_reason`). Null means nothing to confirm.
 */
export const warrantyReviewMigration: Migration = {
  id: '20261203090000_warranty_review',
  sql: `
ALTER TABLE devices ADD COLUMN warranty_review TEXT;
ALTER TABLE repairs ADD COLUMN review_reason TEXT;
`,
};
