import type { Migration } from '../migration.types.ts';

/**
 * Immutable. The customer directory's search: name, code, VAT number, fiscal code and city in an
 * FTS5 index over the customers table (accents folded), kept by triggers. Customers are few next
 * to tickets (thousands, not hundreds of thousands), so a persistent trigger is affordable even on
 * a first pull.
 */
export const customerSearchMigration: Migration = {
  id: '20261203200000_customer_search',
  sql: `
CREATE VIRTUAL TABLE customers_fts USING fts5(code, name, vat_number, fiscal_code, city, content = 'customers', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts (rowid, code, name, vat_number, fiscal_code, city) VALUES (new.rowid, new.code, new.name, new.vat_number, new.fiscal_code, new.city);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF code, name, vat_number, fiscal_code, city ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, code, name, vat_number, fiscal_code, city) VALUES ('delete', old.rowid, old.code, old.name, old.vat_number, old.fiscal_code, old.city);
  INSERT INTO customers_fts (rowid, code, name, vat_number, fiscal_code, city) VALUES (new.rowid, new.code, new.name, new.vat_number, new.fiscal_code, new.city);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, code, name, vat_number, fiscal_code, city) VALUES ('delete', old.rowid, old.code, old.name, old.vat_number, old.fiscal_code, old.city);
END;
CREATE INDEX customers_name ON customers(name, id);
`,
};
