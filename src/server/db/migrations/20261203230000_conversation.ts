import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const conversationMigration: ServerMigration = {
  id: '20261203230000_conversation',
  // The conversation on every request (issue 24): messages (staff, customer, system; public or
  // internal), attachments kept by content hash (the bytes live in files, never in the sync log),
  // inbound mail filed once per Message-ID, the unknown senders' mail «da smistare», the portal's
  // pages a lead edits, the desk's settings, and each customer's account manager. Tickets gain
  // the channel «E-mail»: PostgreSQL widens the CHECK in place; SQLite rebuilds the table with
  // its indexes and invariant triggers, foreign keys off around it (`rebuildsTables`).
  rebuildsTables: true,
  statements: (dialect) => {
    const t = typesFor(dialect);
    const channels = "channel IN ('j2k', 'web_form', 'phone', 'voicemail', 'whatsapp', 'weekend_line', 'email')";
    const ticketChannel =
      dialect === 'postgres'
        ? [`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`, `ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (${channels})`]
        : (() => {
            const columns = 'id, number, customer_id, channel, subject, description, priority, status, blocking, cause, resolution, assignee_id, created_by, opened_at, updated_at, closed_at, external_ref, taken_at';
            const invariants = [
              { name: 'tickets_closed_has_closed_at', check: "(NEW.status = 'closed') = (NEW.closed_at IS NOT NULL)" },
              { name: 'tickets_closed_after_opened', check: 'NEW.closed_at IS NULL OR NEW.closed_at >= NEW.opened_at' },
            ];
            return [
              `CREATE TABLE tickets_next (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                customer_id TEXT NOT NULL REFERENCES customers(id),
                channel TEXT NOT NULL CHECK (${channels}),
                subject TEXT NOT NULL,
                description TEXT NOT NULL,
                priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
                status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'closed')),
                blocking INTEGER NOT NULL CHECK (blocking IN (0, 1)),
                cause TEXT CHECK (cause IN ('vendor', 'customer', 'unknown')),
                resolution TEXT,
                assignee_id TEXT REFERENCES users(id),
                created_by TEXT REFERENCES users(id),
                opened_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                closed_at TEXT,
                external_ref TEXT,
                taken_at TEXT
              ) STRICT`,
              `INSERT INTO tickets_next (${columns}) SELECT ${columns} FROM tickets`,
              `DROP TABLE tickets`,
              `ALTER TABLE tickets_next RENAME TO tickets`,
              `CREATE INDEX tickets_customer ON tickets(customer_id)`,
              `CREATE INDEX tickets_closed_at ON tickets(closed_at)`,
              `CREATE UNIQUE INDEX tickets_external_ref ON tickets(channel, external_ref) WHERE external_ref IS NOT NULL`,
              ...invariants.flatMap(({ name, check }) =>
                ['INSERT', 'UPDATE'].map(
                  (operation) => `CREATE TRIGGER ${name}_${operation.toLowerCase()} BEFORE ${operation} ON tickets WHEN NOT (${check}) BEGIN SELECT RAISE(ABORT, 'invariant ${name}'); END`,
                ),
              ),
            ];
          })();
    // A public reply is a mail of its own kind, rendered when sent (the portal's public address).
    const kinds = "kind IN ('text', 'closure', 'hour_bank_notice', 'reply')";
    const mailKinds =
      dialect === 'postgres'
        ? [`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`, `ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (${kinds})`]
        : [
            `CREATE TABLE mail_outbox_next (
              id TEXT PRIMARY KEY,
              ticket_id TEXT REFERENCES tickets(id),
              customer_id TEXT REFERENCES customers(id),
              kind TEXT NOT NULL DEFAULT 'text' CHECK (${kinds}),
              recipient TEXT NOT NULL,
              subject TEXT,
              body TEXT,
              payload_json TEXT,
              status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'parked')),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              next_attempt_at TEXT,
              last_error TEXT,
              claimed_by TEXT,
              claimed_until TEXT,
              created_at TEXT NOT NULL,
              sent_at TEXT
            ) STRICT`,
            `INSERT INTO mail_outbox_next SELECT id, ticket_id, customer_id, kind, recipient, subject, body, payload_json, status, attempts, next_attempt_at, last_error, claimed_by, claimed_until, created_at, sent_at FROM mail_outbox`,
            `DROP TABLE mail_outbox`,
            `ALTER TABLE mail_outbox_next RENAME TO mail_outbox`,
            `CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at)`,
          ];
    return [
      ...ticketChannel,
      ...mailKinds,
      `CREATE TABLE ticket_messages (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        author_kind TEXT NOT NULL CHECK (author_kind IN ('staff', 'customer', 'system')),
        author_id TEXT REFERENCES users(id),
        author_name TEXT,
        visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
        source TEXT NOT NULL CHECK (source IN ('console', 'portal', 'email', 'whatsapp', 'voicemail')),
        body TEXT NOT NULL,
        quoted TEXT,
        attachments_json TEXT NOT NULL DEFAULT '[]',
        written_at ${t.instant} NOT NULL,
        created_at ${t.instant} NOT NULL,
        contact_id TEXT REFERENCES customer_contacts(id),
        mail_message_id TEXT UNIQUE
      )${t.strict}`,
      `CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, written_at)`,
      `CREATE TABLE attachments (
        sha256 TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        size_bytes ${t.big} NOT NULL CHECK (size_bytes >= 0),
        created_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE TABLE inbound_mail (
        message_id TEXT PRIMARY KEY,
        received_at ${t.instant} NOT NULL,
        sender TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('message', 'ticket', 'unsorted', 'ignored')),
        ticket_id TEXT REFERENCES tickets(id),
        reason TEXT
      )${t.strict}`,
      `CREATE TABLE unsorted_mail (
        id TEXT PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        sender TEXT NOT NULL,
        sender_name TEXT,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        quoted TEXT,
        attachments_json TEXT NOT NULL DEFAULT '[]',
        received_at ${t.instant} NOT NULL,
        filed_ticket_id TEXT REFERENCES tickets(id),
        filed_by TEXT REFERENCES users(id),
        filed_at ${t.instant}
      )${t.strict}`,
      `CREATE TABLE portal_pages (
        slug TEXT PRIMARY KEY CHECK (slug IN ('faq', 'schema')),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL,
        updated_by TEXT REFERENCES users(id)
      )${t.strict}`,
      `CREATE TABLE desk_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at ${t.instant} NOT NULL,
        updated_by TEXT REFERENCES users(id)
      )${t.strict}`,
      `ALTER TABLE customers ADD COLUMN account_manager_id TEXT REFERENCES users(id)`,
    ];
  },
};
