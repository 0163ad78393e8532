import type { Migration } from '../migration.types.ts';

/**
 * Immutable. Work in person happens at the customer's premises or at the vendor's («presso la
 * nostra sede»): a fourth mode, `vendor_site`. The conditions of standard assistance (software at
 * its latest version, a setup that conforms to the guidelines) are asked at the start of a
 * standard activity and kept on the intervention; null means not asked. SQLite cannot widen a
 * CHECK in place, so the table is rebuilt (foreign keys off around it: `rebuildsTables`).
 */
export const interventionPlaceAndConditionsMigration: Migration = {
  id: '20261203130000_intervention_place_and_conditions',
  rebuildsTables: true,
  sql: `
CREATE TABLE interventions_next (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  technician_id TEXT NOT NULL REFERENCES users(id),
  mode TEXT NOT NULL CHECK (mode IN ('phone', 'remote', 'on_site', 'vendor_site')),
  activity TEXT NOT NULL,
  backup_check TEXT NOT NULL CHECK (backup_check IN ('confirmed', 'not_needed_phone_info')),
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
  classification_tier TEXT CHECK (classification_tier IN ('standard', 'extended', 'warranty', 'billable')),
  classification_json TEXT,
  notes TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  device_id TEXT REFERENCES devices(id),
  approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
  billing_json TEXT,
  review_reason TEXT,
  software_up_to_date INTEGER CHECK (software_up_to_date IN (0, 1)),
  conforming_setup INTEGER CHECK (conforming_setup IN (0, 1))
) STRICT;
INSERT INTO interventions_next (id, ticket_id, technician_id, mode, activity, backup_check, status, classification_tier, classification_json, notes, started_at, stopped_at, created_at, updated_at, device_id, approved, billing_json, review_reason)
  SELECT id, ticket_id, technician_id, mode, activity, backup_check, status, classification_tier, classification_json, notes, started_at, stopped_at, created_at, updated_at, device_id, approved, billing_json, review_reason FROM interventions;
DROP TABLE interventions;
ALTER TABLE interventions_next RENAME TO interventions;
CREATE INDEX interventions_ticket ON interventions(ticket_id);
`,
};
