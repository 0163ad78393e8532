import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const customerPortalMigration: ServerMigration = {
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
};
