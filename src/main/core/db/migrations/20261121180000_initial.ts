import type { Migration } from '../migration.types.ts';

/** Immutable: never edit a released migration, add a new one. */
export const initialMigration: Migration = {
  id: '20261121180000_initial',
  sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('technician', 'team_lead', 'admin'))
) STRICT;

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  vat_number TEXT,
  email TEXT,
  phone TEXT,
  city TEXT,
  free_minutes INTEGER NOT NULL DEFAULT 0 CHECK (free_minutes >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('standard', 'extended')),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX contracts_customer ON contracts(customer_id);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  model TEXT NOT NULL,
  serial TEXT NOT NULL UNIQUE,
  purchase_date TEXT NOT NULL,
  warranty_months INTEGER NOT NULL DEFAULT 12 CHECK (warranty_months BETWEEN 12 AND 36),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX devices_customer ON devices(customer_id);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL CHECK (channel IN ('j2k', 'web_form', 'phone', 'voicemail', 'whatsapp', 'weekend_line')),
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'closed')),
  blocking INTEGER NOT NULL DEFAULT 0 CHECK (blocking IN (0, 1)),
  cause TEXT CHECK (cause IN ('vendor', 'customer', 'unknown')),
  resolution TEXT,
  assignee_id TEXT REFERENCES users(id),
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;
CREATE INDEX tickets_queue ON tickets(status, priority, opened_at);
CREATE INDEX tickets_customer ON tickets(customer_id);
CREATE INDEX tickets_assignee ON tickets(assignee_id);

CREATE TABLE interventions (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  technician_id TEXT NOT NULL REFERENCES users(id),
  mode TEXT NOT NULL CHECK (mode IN ('phone', 'remote', 'on_site')),
  activity TEXT NOT NULL,
  backup_check TEXT NOT NULL CHECK (backup_check IN ('confirmed', 'not_needed_phone_info')),
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
  classification_tier TEXT CHECK (classification_tier IN ('standard', 'extended', 'warranty', 'billable')),
  classification_json TEXT,
  notes TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX interventions_ticket ON interventions(ticket_id);
-- One timer at a time per technician: at most one running intervention each.
CREATE UNIQUE INDEX interventions_one_running ON interventions(technician_id) WHERE status = 'running';

CREATE TABLE timer_segments (
  id TEXT PRIMARY KEY,
  intervention_id TEXT NOT NULL REFERENCES interventions(id),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  heartbeat_at TEXT NOT NULL,
  needs_confirmation INTEGER NOT NULL DEFAULT 0 CHECK (needs_confirmation IN (0, 1)),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;
CREATE INDEX timer_segments_intervention ON timer_segments(intervention_id);
CREATE UNIQUE INDEX timer_segments_one_open ON timer_segments(intervention_id) WHERE ended_at IS NULL;

CREATE TABLE outbox (
  mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
  command TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected')),
  error_code TEXT,
  error_message TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
};
