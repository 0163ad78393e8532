import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const whatsAppOutboxMigration: ServerMigration = {
  id: '20261203236000_whatsapp_outbox',
  // A public reply on a WhatsApp request goes out through the platform (issue 25): one row per
  // reply, sent by a worker with retries like the mail, then followed by the platform's statuses
  // (sent, delivered, read, failed) keyed by the platform's message id.
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE whatsapp_outbox (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        message_id TEXT NOT NULL UNIQUE REFERENCES ticket_messages(id),
        recipient TEXT NOT NULL,
        body TEXT NOT NULL,
        kind TEXT CHECK (kind IN ('text', 'template')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'parked')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at ${t.instant},
        claimed_until ${t.instant},
        last_error TEXT,
        wamid TEXT UNIQUE,
        created_at ${t.instant} NOT NULL,
        sent_at ${t.instant},
        status_at ${t.instant}
      )${t.strict}`,
      `CREATE INDEX whatsapp_outbox_due ON whatsapp_outbox(status, next_attempt_at)`,
    ];
  },
};
