import { typesFor, type ServerMigration } from './migration-sql.ts';

/** Immutable once committed: a change is a new migration. */
export const statementLinesMigration: ServerMigration = {
  id: '20261203150000_statement_lines',
  // A repair's spare parts become priced lines (JSON) and its transport a price a lead may set
  // (null: the policy's flat fee); a billing entry says what it is beyond its activity (the parts
  // fitted, the transport) so the statement lists parts and transport as their own lines; each
  // customer's monthly statement is mailed once (one row per customer and month).
  statements: (dialect) => {
    const t = typesFor(dialect);
    return [
      `ALTER TABLE repairs ADD COLUMN parts_json TEXT NOT NULL DEFAULT '[]'`,
      `ALTER TABLE repairs ADD COLUMN transport_cents INTEGER CHECK (transport_cents >= 0)`,
      `ALTER TABLE billing_entries ADD COLUMN description TEXT`,
      `CREATE TABLE statement_mailings (
        customer_id TEXT NOT NULL REFERENCES customers(id),
        month TEXT NOT NULL CHECK (length(month) = 7),
        mail_id TEXT,
        created_at ${t.instant} NOT NULL,
        PRIMARY KEY (customer_id, month)
      )${t.strict}`,
    ];
  },
};
