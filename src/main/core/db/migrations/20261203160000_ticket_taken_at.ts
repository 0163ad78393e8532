import type { Migration } from '../migration.types.ts';

/**
 * Immutable. When a ticket was first taken in charge (assigned, or work started on it): with the
 * opening and the closure it gives the handling times the support model promises. Tickets taken
 * before the column existed start from their earliest intervention, or stay unknown.
 */
export const ticketTakenAtMigration: Migration = {
  id: '20261203160000_ticket_taken_at',
  sql: `
ALTER TABLE tickets ADD COLUMN taken_at TEXT;
UPDATE tickets SET taken_at = (SELECT min(started_at) FROM interventions WHERE interventions.ticket_id = tickets.id);
`,
};
