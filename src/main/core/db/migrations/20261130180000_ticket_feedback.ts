import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The customers' answers to the feedback form reached from the closure mail, as the
 * central API sends them: shown beside the ticket and in the quality calls, offline too.
 */
export const ticketFeedbackMigration: Migration = {
  id: '20261130180000_ticket_feedback',
  sql: `
CREATE TABLE ticket_feedback (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL,
  submitted_at TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_feedback_ticket ON ticket_feedback(ticket_id);
`,
};
