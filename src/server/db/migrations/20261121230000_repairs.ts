import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const repairsMigration: ServerMigration = {
  id: '20261121230000_repairs',
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE repairs (
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
        received_on ${t.day} NOT NULL,
        warranty_covered INTEGER NOT NULL CHECK (warranty_covered IN (0, 1)),
        warranty_expires_on ${t.day} NOT NULL,
        created_by TEXT REFERENCES users(id),
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX repairs_device ON repairs(device_id)`,
      `CREATE INDEX repairs_customer ON repairs(customer_id)`,
    ];
  },
};
