import type { Migration } from '../migration.types.ts';

/** Immutable. Work reports signed on this laptop or pulled from the API: immutable rows, one per version. */
export const workReportsMigration: Migration = {
  id: '20261203234000_work_reports',
  sql: `
CREATE TABLE work_reports (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  supersedes TEXT,
  content_json TEXT NOT NULL CHECK (json_valid(content_json)),
  signature_json TEXT NOT NULL CHECK (json_valid(signature_json)),
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX work_reports_ticket ON work_reports(ticket_id, version);
`,
};
