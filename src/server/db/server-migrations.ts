import { defaultSupportCalendar } from '../../shared/domain/support-calendar.ts';
import { supportCalendarId } from '../../shared/sync/entities.ts';
import { intakeActorId } from '../intake/intake-actor.ts';

export type ServerDialect = 'postgres' | 'sqlite';

/** Column types that differ between the engines; everything else is written once. */
const typesFor = (dialect: ServerDialect) =>
  dialect === 'postgres'
    ? { instant: 'TIMESTAMPTZ', day: 'DATE', big: 'BIGINT', strict: '' }
    : { instant: 'TEXT', day: 'TEXT', big: 'INTEGER', strict: ' STRICT' };

export type ServerMigration = { id: string; statements: (dialect: ServerDialect) => string[] };

/** Immutable once committed: add a new migration instead of editing one. */
export const serverMigrations: readonly ServerMigration[] = [
  {
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
  },
  {
    id: '20261121210000_append_only',
    // The hour-bank ledger and the audit log are append-only: the database itself refuses
    // UPDATE and DELETE, whoever asks.
    statements: (dialect) =>
      dialect === 'postgres'
        ? [
            `CREATE FUNCTION presidio_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$`,
            `CREATE TRIGGER hour_bank_ledger_append_only BEFORE UPDATE OR DELETE ON hour_bank_ledger
             FOR EACH ROW EXECUTE FUNCTION presidio_append_only()`,
            `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
             FOR EACH ROW EXECUTE FUNCTION presidio_append_only()`,
          ]
        : ['hour_bank_ledger', 'audit_log'].flatMap((table) =>
            ['UPDATE', 'DELETE'].map(
              (operation) =>
                `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
                 BEGIN SELECT RAISE(ABORT, 'append-only table ${table}'); END`,
            ),
          ),
  },
  {
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
  },
  {
    id: '20261130090000_sync_trust',
    // The invariants the consoles' tables enforce hold here too, so no impossible row is committed
    // anywhere (and none is pulled into a console that would refuse it). Existing rows are not
    // re-checked (PostgreSQL: NOT VALID; SQLite: triggers), new and changed ones always are.
    statements: (dialect) => {
      const invariants: Array<{ table: string; name: string; check: string }> = [
        { table: 'tickets', name: 'tickets_closed_has_closed_at', check: "(status = 'closed') = (closed_at IS NOT NULL)" },
        { table: 'tickets', name: 'tickets_closed_after_opened', check: 'closed_at IS NULL OR closed_at >= opened_at' },
        { table: 'interventions', name: 'interventions_stopped_has_stopped_at', check: "(status = 'stopped') = (stopped_at IS NOT NULL)" },
        { table: 'interventions', name: 'interventions_stop_after_start', check: 'stopped_at IS NULL OR stopped_at >= started_at' },
        { table: 'timer_segments', name: 'timer_segments_end_after_start', check: 'ended_at IS NULL OR ended_at >= started_at' },
        { table: 'devices', name: 'devices_warranty_months', check: 'warranty_months BETWEEN 12 AND 36' },
        { table: 'contracts', name: 'contracts_valid_range', check: 'valid_to IS NULL OR valid_to >= valid_from' },
      ];
      const checks =
        dialect === 'postgres'
          ? invariants.map(({ table, name, check }) => `ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`)
          : invariants.flatMap(({ table, name, check }) =>
              ['INSERT', 'UPDATE'].map(
                (operation) =>
                  `CREATE TRIGGER ${name}_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
                   WHEN NOT (${check.replaceAll(/\b(status|closed_at|opened_at|stopped_at|started_at|ended_at|warranty_months|valid_to|valid_from)\b/g, 'NEW.$1')})
                   BEGIN SELECT RAISE(ABORT, 'invariant ${name}'); END`,
              ),
            );
      return [`ALTER TABLE interventions ADD COLUMN review_reason TEXT`, ...checks];
    },
  },
  {
    id: '20261130120000_repair_billing',
    // Repair labour is classified at the instant it is logged and drawn through the same ledger
    // as interventions; a ledger entry belongs to at most one piece of work.
    statements: (dialect) => {
      const t = typesFor(dialect);
      const oneOwner = 'intervention_id IS NULL OR repair_id IS NULL';
      return [
        `ALTER TABLE repairs ADD COLUMN labour_logged_at ${t.instant}`,
        `ALTER TABLE repairs ADD COLUMN restore_logged_at ${t.instant}`,
        `ALTER TABLE repairs ADD COLUMN billing_json TEXT`,
        `ALTER TABLE hour_bank_ledger ADD COLUMN repair_id TEXT REFERENCES repairs(id)`,
        `CREATE INDEX hour_bank_ledger_repair ON hour_bank_ledger(repair_id)`,
        dialect === 'postgres'
          ? `ALTER TABLE hour_bank_ledger ADD CONSTRAINT hour_bank_ledger_one_owner CHECK (${oneOwner})`
          : `CREATE TRIGGER hour_bank_ledger_one_owner BEFORE INSERT ON hour_bank_ledger
             WHEN NOT (NEW.intervention_id IS NULL OR NEW.repair_id IS NULL)
             BEGIN SELECT RAISE(ABORT, 'invariant hour_bank_ledger_one_owner'); END`,
      ];
    },
  },
  {
    id: '20261130140000_support_calendar',
    // The support calendar is data a team lead edits (domain rules §3): one row, its revision and
    // the whole calendar. It starts as the built-in calendar so the first edit has a row to lock.
    statements: (dialect) => {
      const t = typesFor(dialect);
      const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
      const seededAt = '2026-11-21T00:00:00.000Z';
      const seededRow = { id: supportCalendarId, revision: 1, calendar: defaultSupportCalendar, updatedAt: seededAt, updatedBy: null };
      return [
        `CREATE TABLE support_calendar (
          id TEXT PRIMARY KEY,
          revision INTEGER NOT NULL CHECK (revision >= 1),
          calendar_json TEXT NOT NULL,
          updated_at ${t.instant} NOT NULL,
          updated_by TEXT REFERENCES users(id)
        )${t.strict}`,
        `INSERT INTO support_calendar (id, revision, calendar_json, updated_at, updated_by)
         VALUES (${quoted(supportCalendarId)}, 1, ${quoted(JSON.stringify(defaultSupportCalendar))}, ${quoted(seededAt)}, NULL)`,
        // In the change log too, so every console pulls the API's version (and its revision) at once.
        `UPDATE sync_counter SET seq = seq + 1 WHERE id = 1`,
        `INSERT INTO sync_changes (seq, entity, entity_id, op, data, changed_at)
         SELECT seq, 'support_calendar', ${quoted(supportCalendarId)}, 'upsert', ${quoted(JSON.stringify(seededRow))}, CAST(${quoted(seededAt)} AS ${t.instant}) FROM sync_counter WHERE id = 1`,
      ];
    },
  },
  {
    id: '20261130150000_quality_calls',
    // One row per sampled week (its id derives from the week, so two leads drawing it meet on one
    // row); the calls travel with it as JSON.
    statements: (dialect) => {
      const t = typesFor(dialect);
      return [
        `CREATE TABLE quality_weeks (
          id TEXT PRIMARY KEY,
          week TEXT NOT NULL UNIQUE,
          share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
          closed_tickets INTEGER NOT NULL CHECK (closed_tickets >= 0),
          sampled_at ${t.instant} NOT NULL,
          sampled_by TEXT NOT NULL REFERENCES users(id),
          calls_json TEXT NOT NULL,
          updated_at ${t.instant} NOT NULL
        )${t.strict}`,
        `CREATE INDEX tickets_closed_at ON tickets(closed_at)`,
      ];
    },
  },
  {
    id: '20261130160000_console_presence',
    // When each console last pulled and how many commands it still held: the lead's view of the team's consoles.
    statements: (dialect) => {
      const t = typesFor(dialect);
      return [`ALTER TABLE sync_clients ADD COLUMN last_pull_at ${t.instant}`, `ALTER TABLE sync_clients ADD COLUMN pending_commands INTEGER`];
    },
  },
  {
    id: '20261130170000_segment_confirmation',
    // A segment a console's crash cut short waits for its technician's confirmation, and the lead sees it.
    statements: () => [`ALTER TABLE timer_segments ADD COLUMN awaiting_confirmation INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_confirmation IN (0, 1))`],
  },
  {
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
  },
  {
    id: '20261130190000_intake_channels',
    // Requests that arrive by themselves: per-customer keys for the vendor's J2K software (only
    // their hash is kept), the request id J2K sends (one ticket per id and customer), and the
    // account those tickets are opened by (disabled, no password, never synced).
    statements: (dialect) => {
      const t = typesFor(dialect);
      const seededAt = '2026-11-30T00:00:00.000Z';
      return [
        `INSERT INTO users (id, email, display_name, role, password_hash, disabled, created_at, updated_at)
         VALUES ('${intakeActorId}', 'canali-automatici@presidio.invalid', 'Canali automatici', 'technician', '!', 1, '${seededAt}', '${seededAt}')`,
        `CREATE TABLE intake_keys (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL REFERENCES customers(id),
          label TEXT NOT NULL,
          key_hash TEXT NOT NULL UNIQUE,
          created_by TEXT NOT NULL REFERENCES users(id),
          created_at ${t.instant} NOT NULL,
          revoked_at ${t.instant},
          revoked_by TEXT REFERENCES users(id),
          last_used_at ${t.instant},
          CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
        )${t.strict}`,
        `CREATE INDEX intake_keys_customer ON intake_keys(customer_id)`,
        `ALTER TABLE tickets ADD COLUMN external_ref TEXT`,
        `CREATE UNIQUE INDEX tickets_external_ref ON tickets(channel, external_ref) WHERE external_ref IS NOT NULL`,
      ];
    },
  },
  {
    id: '20261130200000_customer_portal',
    // Customers' own accounts (contacts, invited by the team; sessions apart from staff ones, with
    // a CSRF token), the team's price list of prepaid packages, the orders customers place from the
    // portal (confirmed by an admin on payment) and each customer's billing preference.
    statements: (dialect) => {
      const t = typesFor(dialect);
      return [
        `CREATE TABLE customer_contacts (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL REFERENCES customers(id),
          email TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          password_hash TEXT,
          invite_hash TEXT UNIQUE,
          invite_expires_at ${t.instant},
          invited_by TEXT NOT NULL REFERENCES users(id),
          created_at ${t.instant} NOT NULL,
          activated_at ${t.instant},
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
          CHECK ((password_hash IS NULL) = (activated_at IS NULL))
        )${t.strict}`,
        `CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id)`,
        `CREATE TABLE portal_sessions (
          token_hash TEXT PRIMARY KEY,
          contact_id TEXT NOT NULL REFERENCES customer_contacts(id),
          csrf_token TEXT NOT NULL,
          created_at ${t.instant} NOT NULL,
          expires_at ${t.instant} NOT NULL
        )${t.strict}`,
        `CREATE TABLE package_offers (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          minutes INTEGER NOT NULL CHECK (minutes > 0),
          rate_cents INTEGER NOT NULL CHECK (rate_cents > 0),
          validity_months INTEGER NOT NULL CHECK (validity_months BETWEEN 1 AND 60),
          active INTEGER NOT NULL CHECK (active IN (0, 1)),
          updated_at ${t.instant} NOT NULL
        )${t.strict}`,
        `CREATE TABLE package_orders (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL REFERENCES customers(id),
          contact_id TEXT NOT NULL REFERENCES customer_contacts(id),
          offer_id TEXT NOT NULL REFERENCES package_offers(id),
          minutes INTEGER NOT NULL CHECK (minutes > 0),
          rate_cents INTEGER NOT NULL CHECK (rate_cents > 0),
          validity_months INTEGER NOT NULL,
          net_cents ${t.big} NOT NULL,
          vat_cents ${t.big} NOT NULL,
          gross_cents ${t.big} NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled')),
          created_at ${t.instant} NOT NULL,
          decided_at ${t.instant},
          decided_by TEXT REFERENCES users(id),
          package_id TEXT REFERENCES hour_bank_packages(id),
          CHECK ((status = 'pending') = (decided_at IS NULL)),
          CHECK ((status = 'confirmed') = (package_id IS NOT NULL))
        )${t.strict}`,
        `CREATE INDEX package_orders_customer ON package_orders(customer_id)`,
        `ALTER TABLE customers ADD COLUMN billing_preference TEXT CHECK (billing_preference IN ('packages', 'consuntivo'))`,
      ];
    },
  },
  {
    id: '20261203090000_warranty_review',
    // Dates a console reports that decide the warranty wait for a team lead beyond the tolerance:
    // a device registered on the spot by a technician (`warranty_review`), a repair received long
    // before it was registered (`review_reason`). Null: nothing to confirm.
    statements: () => [`ALTER TABLE devices ADD COLUMN warranty_review TEXT`, `ALTER TABLE repairs ADD COLUMN review_reason TEXT`],
  },
];
