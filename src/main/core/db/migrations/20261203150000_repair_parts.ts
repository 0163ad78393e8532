import type { Migration } from '../migration.types.ts';

/**
 * Immutable. A repair's spare parts become priced lines (description, quantity, net unit price,
 * as JSON) and its transport a price a team lead may set (null: the policy's flat fee), so the
 * statement lists them instead of an accountant rebuilding them.
 */
export const repairPartsMigration: Migration = {
  id: '20261203150000_repair_parts',
  sql: `
ALTER TABLE repairs ADD COLUMN parts_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE repairs ADD COLUMN transport_cents INTEGER CHECK (transport_cents >= 0);
`,
};
