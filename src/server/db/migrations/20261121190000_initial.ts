import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const initialMigration: ServerMigration = {
  id: '20261121190000_initial',
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('technician', 'team_lead', 'admin')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at ${t.instant} NOT NULL,
        expires_at ${t.instant} NOT NULL,
        address TEXT
      )${t.strict}`,
      `CREATE INDEX sessions_user ON sessions(user_id)`,
      `CREATE TABLE login_failures (id TEXT PRIMARY KEY, key TEXT NOT NULL, failed_at ${t.instant} NOT NULL)${t.strict}`,
      `CREATE INDEX login_failures_key ON login_failures(key, failed_at)`,
      `CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        vat_number TEXT,
        email TEXT,
        phone TEXT,
        city TEXT,
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE TABLE contracts (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        kind TEXT NOT NULL CHECK (kind IN ('standard', 'extended')),
        valid_from ${t.day} NOT NULL,
        valid_to ${t.day},
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX contracts_customer ON contracts(customer_id)`,
      `CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        model TEXT NOT NULL,
        serial TEXT NOT NULL UNIQUE,
        purchase_date ${t.day} NOT NULL,
        warranty_months INTEGER NOT NULL CHECK (warranty_months BETWEEN 12 AND 36),
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX devices_customer ON devices(customer_id)`,
      `CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        channel TEXT NOT NULL CHECK (channel IN ('j2k', 'web_form', 'phone', 'voicemail', 'whatsapp', 'weekend_line')),
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'closed')),
        blocking INTEGER NOT NULL CHECK (blocking IN (0, 1)),
        cause TEXT CHECK (cause IN ('vendor', 'customer', 'unknown')),
        resolution TEXT,
        assignee_id TEXT REFERENCES users(id),
        created_by TEXT REFERENCES users(id),
        opened_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL,
        closed_at ${t.instant}
      )${t.strict}`,
      `CREATE INDEX tickets_customer ON tickets(customer_id)`,
      `CREATE TABLE interventions (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        technician_id TEXT NOT NULL REFERENCES users(id),
        device_id TEXT REFERENCES devices(id),
        mode TEXT NOT NULL CHECK (mode IN ('phone', 'remote', 'on_site')),
        activity TEXT NOT NULL,
        backup_check TEXT NOT NULL CHECK (backup_check IN ('confirmed', 'not_needed_phone_info')),
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
        notes TEXT NOT NULL DEFAULT '',
        approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
        started_at ${t.instant} NOT NULL,
        stopped_at ${t.instant},
        billing_json TEXT,
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX interventions_ticket ON interventions(ticket_id)`,
      `CREATE TABLE timer_segments (
        id TEXT PRIMARY KEY,
        intervention_id TEXT NOT NULL REFERENCES interventions(id),
        started_at ${t.instant} NOT NULL,
        ended_at ${t.instant}
      )${t.strict}`,
      `CREATE INDEX timer_segments_intervention ON timer_segments(intervention_id)`,
      `CREATE UNIQUE INDEX timer_segments_one_open ON timer_segments(intervention_id) WHERE ended_at IS NULL`,
      `CREATE TABLE hour_bank_packages (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        minutes INTEGER NOT NULL CHECK (minutes > 0),
        rate_cents INTEGER NOT NULL CHECK (rate_cents >= 0),
        purchased_on ${t.day} NOT NULL,
        expires_on ${t.day},
        created_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE TABLE hour_bank_ledger (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        entry_type TEXT NOT NULL CHECK (entry_type IN ('grant', 'draw', 'reversal', 'adjustment')),
        source TEXT NOT NULL CHECK (source IN ('free', 'package', 'invoice')),
        package_id TEXT REFERENCES hour_bank_packages(id),
        minutes INTEGER NOT NULL,
        intervention_id TEXT REFERENCES interventions(id),
        reason TEXT,
        author_id TEXT REFERENCES users(id),
        created_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX hour_bank_ledger_customer ON hour_bank_ledger(customer_id)`,
      `CREATE INDEX hour_bank_ledger_intervention ON hour_bank_ledger(intervention_id)`,
      `CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        actor_id TEXT REFERENCES users(id),
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        reason TEXT,
        created_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)`,
      `CREATE TABLE mail_outbox (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
        created_at ${t.instant} NOT NULL,
        sent_at ${t.instant}
      )${t.strict}`,
      `CREATE TABLE sync_clients (
        client_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        last_mutation_id ${t.big} NOT NULL,
        created_at ${t.instant} NOT NULL,
        updated_at ${t.instant} NOT NULL
      )${t.strict}`,
      `CREATE TABLE sync_results (
        client_id TEXT NOT NULL REFERENCES sync_clients(client_id),
        mutation_id ${t.big} NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
        error_code TEXT,
        error_message TEXT,
        PRIMARY KEY (client_id, mutation_id)
      )${t.strict}`,
      `CREATE TABLE sync_changes (
        seq ${t.big} PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        data TEXT,
        changed_at ${t.instant} NOT NULL,
        UNIQUE (entity, entity_id)
      )${t.strict}`,
      `CREATE TABLE sync_counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq ${t.big} NOT NULL)${t.strict}`,
      `INSERT INTO sync_counter (id, seq) VALUES (1, 0)`,
    ];
  },
};
