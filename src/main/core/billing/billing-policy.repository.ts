import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';
import { billingPolicyId, billingPolicyRowToWire, type BillingPolicyRecordRow, type SyncedBillingPolicy } from '../../../shared/sync/entities.ts';

/** The billing policy's versions this console works with: the API's latest it has pulled, else none (the built-in policy). */
export const readBillingPolicy = (sqlite: BetterSqlite3.Database): SyncedBillingPolicy => {
  const row = prepared<[string], BillingPolicyRecordRow>(sqlite, 'SELECT * FROM billing_policy WHERE id = ?').get(billingPolicyId);
  return row ? billingPolicyRowToWire(row) : { id: billingPolicyId, revision: 0, versions: [], updatedAt: '2026-11-21T00:00:00.000Z', updatedBy: null };
};
