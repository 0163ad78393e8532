import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The billing policy's versions as the API sends them (one row, like the support
 * calendar): the console's provisional figures use the version in effect on each piece of work's
 * day. No row: the built-in policy.
 */
export const billingPolicyMigration: Migration = {
  id: '20261203170000_billing_policy',
  sql: `
CREATE TABLE billing_policy (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL CHECK (revision >= 0),
  versions_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
`,
};
