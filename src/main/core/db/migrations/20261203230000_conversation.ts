import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The conversation on every request (issue 24): the replica keeps each ticket's
 * messages as the API sends them (attachments as references; the bytes stay on the API), and
 * this console remembers when its user last read each thread (the queue's unread mark; never
 * synced). Tickets gain the channel «E-mail»: SQLite cannot widen a CHECK in place, so the table
 * is rebuilt keeping each row's rowid (the search index refers to it), with its indexes and
 * triggers; the customers' trigger that names tickets is set aside around the rebuild.
 */
export const conversationMigration: Migration = {
  id: '20261203230000_conversation',
  rebuildsTables: true,
  sql: `
DROP TRIGGER tickets_fts_customer_rename;
CREATE TABLE tickets_next (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL CHECK (channel IN ('j2k', 'web_form', 'phone', 'voicemail', 'whatsapp', 'weekend_line', 'email')),
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
  taken_at TEXT,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;
INSERT INTO tickets_next (rowid, id, number, customer_id, channel, subject, description, priority, status, blocking, cause, resolution, assignee_id, opened_at, updated_at, closed_at, taken_at)
  SELECT rowid, id, number, customer_id, channel, subject, description, priority, status, blocking, cause, resolution, assignee_id, opened_at, updated_at, closed_at, taken_at FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_next RENAME TO tickets;
CREATE INDEX tickets_queue ON tickets(status, priority, opened_at);
CREATE INDEX tickets_customer ON tickets(customer_id);
CREATE INDEX tickets_assignee ON tickets(assignee_id);
CREATE INDEX tickets_priority_opened ON tickets(priority, opened_at, id);
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, subject, description, customer_id ON tickets
WHEN old.number IS NOT new.number OR old.subject IS NOT new.subject OR old.description IS NOT new.description OR old.customer_id IS NOT new.customer_id
BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.rowid;
  INSERT INTO tickets_fts (rowid, number, subject, description, customer_name)
  VALUES (new.rowid, new.number, new.subject, new.description, coalesce((SELECT name FROM customers WHERE id = new.customer_id), ''));
END;
CREATE TRIGGER tickets_fts_customer_rename AFTER UPDATE OF name ON customers BEGIN
  UPDATE tickets_fts SET customer_name = new.name WHERE rowid IN (SELECT rowid FROM tickets WHERE customer_id = new.id);
END;

CREATE TABLE ticket_messages (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  author_kind TEXT NOT NULL CHECK (author_kind IN ('staff', 'customer', 'system')),
  author_id TEXT,
  author_name TEXT,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
  source TEXT NOT NULL CHECK (source IN ('console', 'portal', 'email', 'whatsapp', 'voicemail')),
  body TEXT NOT NULL,
  quoted TEXT,
  attachments_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments_json)),
  written_at TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, written_at);

CREATE TABLE ticket_reads (
  ticket_id TEXT PRIMARY KEY,
  read_at TEXT NOT NULL
) STRICT;
`,
};
