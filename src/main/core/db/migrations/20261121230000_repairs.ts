import type { Migration } from '../migration.types.ts';

/** Immutable. Hardware repair records (domain rules §4), replicated from the central API. */
export const repairsMigration: Migration = {
  id: '20261121230000_repairs',
  sql: `
CREATE TABLE repairs (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  ticket_id TEXT REFERENCES tickets(id),
  reported_defect TEXT NOT NULL,
  diagnosis TEXT NOT NULL DEFAULT '',
  parts TEXT NOT NULL DEFAULT '',
  labour_minutes INTEGER NOT NULL DEFAULT 0 CHECK (labour_minutes >= 0),
  restore_minutes INTEGER NOT NULL DEFAULT 0 CHECK (restore_minutes >= 0),
  transport INTEGER NOT NULL DEFAULT 0 CHECK (transport IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('received', 'diagnosing', 'repairing', 'ready', 'returned', 'rejected')),
  received_on TEXT NOT NULL,
  warranty_covered INTEGER NOT NULL CHECK (warranty_covered IN (0, 1)),
  warranty_expires_on TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX repairs_device ON repairs(device_id);
CREATE INDEX repairs_customer ON repairs(customer_id);
`,
};
