import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const mailDeliveryMigration: ServerMigration = {
  id: '20261130180000_mail_delivery',
  // The outbox becomes a work queue (claims with a lease, attempts, backoff, parking) whose rows
  // carry what to say (kind and payload, rendered when sent with the server's settings); a notice
  // need not belong to a ticket. Feedback requests hold a hash of their one-use token; notices are
  // sent once per pot and threshold; billing entries are the append-only record statements read.
  statements: (dialect) => {
    const t = typesFor(dialect);
    const status = "status IN ('queued', 'sent', 'failed', 'parked')";
    const outbox =
      dialect === 'postgres'
        ? [
            `ALTER TABLE mail_outbox ALTER COLUMN ticket_id DROP NOT NULL`,
            `ALTER TABLE mail_outbox ALTER COLUMN subject DROP NOT NULL`,
            `ALTER TABLE mail_outbox ALTER COLUMN body DROP NOT NULL`,
            `ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check`,
            `ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check CHECK (${status})`,
            `ALTER TABLE mail_outbox ADD COLUMN customer_id TEXT REFERENCES customers(id)`,
            `ALTER TABLE mail_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'closure', 'hour_bank_notice'))`,
            `ALTER TABLE mail_outbox ADD COLUMN payload_json TEXT`,
            `ALTER TABLE mail_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)`,
            `ALTER TABLE mail_outbox ADD COLUMN next_attempt_at ${t.instant}`,
            `ALTER TABLE mail_outbox ADD COLUMN last_error TEXT`,
            `ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT`,
            `ALTER TABLE mail_outbox ADD COLUMN claimed_until ${t.instant}`,
          ]
        : [
            // SQLite cannot relax NOT NULL or a CHECK in place: the table is rebuilt.
            `CREATE TABLE mail_outbox_next (
              id TEXT PRIMARY KEY,
              ticket_id TEXT REFERENCES tickets(id),
              customer_id TEXT REFERENCES customers(id),
              kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'closure', 'hour_bank_notice')),
              recipient TEXT NOT NULL,
              subject TEXT,
              body TEXT,
              payload_json TEXT,
              status TEXT NOT NULL CHECK (${status}),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              next_attempt_at TEXT,
              last_error TEXT,
              claimed_by TEXT,
              claimed_until TEXT,
              created_at TEXT NOT NULL,
              sent_at TEXT
            ) STRICT`,
            `INSERT INTO mail_outbox_next (id, ticket_id, recipient, subject, body, status, created_at, sent_at)
             SELECT id, ticket_id, recipient, subject, body, status, created_at, sent_at FROM mail_outbox`,
            `DROP TABLE mail_outbox`,
            `ALTER TABLE mail_outbox_next RENAME TO mail_outbox`,
          ];
    return [
      ...outbox,
      `UPDATE mail_outbox SET next_attempt_at = created_at WHERE status = 'queued'`,
      `CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at)`,
      `CREATE TABLE feedback_requests (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        token_hash TEXT NOT NULL UNIQUE,
        created_at ${t.instant} NOT NULL,
        expires_at ${t.instant} NOT NULL,
        rating INTEGER CHECK (rating BETWEEN 1 AND 5),
        comment TEXT,
        submitted_at ${t.instant},
        CHECK ((rating IS NULL) = (submitted_at IS NULL)),
        CHECK (expires_at > created_at)
      )${t.strict}`,
      `CREATE INDEX feedback_requests_ticket ON feedback_requests(ticket_id)`,
      `CREATE TABLE hour_bank_notices (
        customer_id TEXT NOT NULL REFERENCES customers(id),
        pot TEXT NOT NULL,
        threshold TEXT NOT NULL CHECK (threshold IN ('low', 'exhausted')),
        created_at ${t.instant} NOT NULL,
        PRIMARY KEY (customer_id, pot, threshold)
      )${t.strict}`,
      `CREATE TABLE billing_entries (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        ticket_id TEXT REFERENCES tickets(id),
        intervention_id TEXT REFERENCES interventions(id),
        repair_id TEXT REFERENCES repairs(id),
        entry_type TEXT NOT NULL CHECK (entry_type IN ('charge', 'reversal')),
        work_at ${t.instant} NOT NULL,
        activity TEXT NOT NULL,
        billed_minutes INTEGER NOT NULL,
        invoiced_minutes INTEGER NOT NULL,
        net_cents ${t.big} NOT NULL,
        vat_cents ${t.big} NOT NULL,
        gross_cents ${t.big} NOT NULL,
        policy_version TEXT NOT NULL,
        booked_at ${t.instant} NOT NULL,
        CHECK ((intervention_id IS NULL) <> (repair_id IS NULL))
      )${t.strict}`,
      `CREATE INDEX billing_entries_booked ON billing_entries(booked_at)`,
      `CREATE INDEX billing_entries_work ON billing_entries(intervention_id, repair_id)`,
      ...(dialect === 'postgres'
        ? [
            `CREATE TRIGGER billing_entries_append_only BEFORE UPDATE OR DELETE ON billing_entries
             FOR EACH ROW EXECUTE FUNCTION presidio_append_only()`,
          ]
        : ['UPDATE', 'DELETE'].map(
            (operation) =>
              `CREATE TRIGGER billing_entries_no_${operation.toLowerCase()} BEFORE ${operation} ON billing_entries
               BEGIN SELECT RAISE(ABORT, 'append-only table billing_entries'); END`,
          )),
    ];
  },
};
