import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const workReportsMigration: ServerMigration = {
  id: '20261203234000_work_reports',
  // The on-site work report (issue 26): immutable rows checked against their SHA-256, one per
  // version; the customer receives it by mail with its PDF (a mail kind of its own). PostgreSQL
  // widens the outbox's CHECK in place; SQLite rebuilds the table (`rebuildsTables`).
  rebuildsTables: true,
  statements: (dialect) => {
    const t = typesFor(dialect);
    const kinds = "kind IN ('text', 'closure', 'hour_bank_notice', 'reply', 'work_report')";
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
      ...mailKinds,
      `CREATE TABLE work_reports (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        supersedes TEXT REFERENCES work_reports(id),
        content_json TEXT NOT NULL,
        signature_json TEXT NOT NULL,
        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
        created_at ${t.instant} NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        stored_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX work_reports_ticket ON work_reports(ticket_id, version)`,
    ];
  },
};
