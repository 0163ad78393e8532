import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const ticketTakenAtMigration: ServerMigration = {
  id: '20261203160000_ticket_taken_at',
  // When a ticket was first taken in charge (assigned, or work started): with the opening and the
  // closure it gives the handling times. Earlier tickets start from their first intervention.
  statements: (dialect) => [
    `ALTER TABLE tickets ADD COLUMN taken_at ${typesFor(dialect).instant}`,
    `UPDATE tickets SET taken_at = (SELECT min(started_at) FROM interventions WHERE interventions.ticket_id = tickets.id)`,
  ],
};
