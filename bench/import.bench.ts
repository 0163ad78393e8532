import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openServerDatabase, type ServerDb } from '../src/server/db/server-database.ts';
import { runImport } from '../src/server/import/import.service.ts';
import { withVatCheckDigit } from '../src/shared/import/italian-identifiers.ts';
import { newId } from '../src/shared/ids.ts';

const adminUrl = process.env['PRESIDIO_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The switch-over's import into PostgreSQL: `customers` customers and `devices` devices from CSV
 * files as an office writes them, through the whole engine (decode, parse, check every row
 * against the rules and the database, write in one transaction with the change log and the
 * audit), against a plain bulk insert of the same rows into an empty database (multi-row
 * INSERTs of 500 in one transaction, nothing checked, no change log).
 */
export const runImportBench = async (sizes = { customers: 50_000, devices: 100_000 }) => {
  console.log('\n# import (central API engine on PostgreSQL)');
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    console.log(`import: - rows/s, - % of bulk insert (PostgreSQL non raggiungibile su ${adminUrl})`);
    return;
  }
  const names = [`presidio_import_${randomBytes(4).toString('hex')}`, `presidio_bulk_${randomBytes(4).toString('hex')}`];
  const root = mkdtempSync(join(tmpdir(), 'presidio-import-'));
  const open: ServerDb[] = [];
  try {
    for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
    const [imported, bulk] = await Promise.all(names.map((name) => openServerDatabase({ dataDirectory: root, databaseUrl: adminUrl.replace(/\/[^/]*$/, `/${name}`) })));
    open.push(imported!, bulk!);
    const customerLines = ['codice;ragione_sociale;partita_iva;indirizzo;cap;comune;provincia;telefono;email'];
    const deviceLines = ['codice_cliente;seriale;modello;data_acquisto;mesi_garanzia'];
    const at = new Date().toISOString();
    const customerRows: Array<Record<string, unknown>> = [];
    const deviceRows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < sizes.customers; i++) {
      const vat = withVatCheckDigit(String(2_000_000_000 + i).padStart(10, '0'));
      customerLines.push(`K${i};Cliente ${i} S.r.l.;${vat};Via Roma ${i};37100;Verona;VR;045 ${100000 + i};cliente${i}@example.it`);
      customerRows.push({ id: newId(), code: `K${i}`, name: `Cliente ${i} S.r.l.`, vat_number: vat, fiscal_code: null, address: `Via Roma ${i}`, postal_code: '37100', city: 'Verona', province: 'VR', phone: `045 ${100000 + i}`, email: `cliente${i}@example.it`, notes: null, created_at: at, updated_at: at });
    }
    for (let i = 0; i < sizes.devices; i++) {
      const customer = customerRows[i % customerRows.length]!;
      deviceLines.push(`${String(customer['code'])};SN${i};Server T${i % 50};15/03/2025;36`);
      deviceRows.push({ id: newId(), customer_id: customer['id'], serial: `SN${i}`, model: `Server T${i % 50}`, purchase_date: '2025-03-15', warranty_months: 36, warranty_review: null, created_at: at, updated_at: at });
    }
    const encoder = new TextEncoder();
    const rows = sizes.customers + sizes.devices;

    const importStart = performance.now();
    const first = await runImport(imported!, { kind: 'clienti', fileName: 'clienti.csv', bytes: encoder.encode(customerLines.join('\r\n')), dryRun: false, actorId: null, via: 'riga di comando' });
    const second = await runImport(imported!, { kind: 'dispositivi', fileName: 'dispositivi.csv', bytes: encoder.encode(deviceLines.join('\r\n')), dryRun: false, actorId: null, via: 'riga di comando' });
    const importMs = performance.now() - importStart;
    if (first.created !== sizes.customers || second.created !== sizes.devices) throw new Error(`import incompleto: ${first.created} clienti, ${second.created} dispositivi`);

    const bulkStart = performance.now();
    await bulk!.db.transaction().execute(async (trx) => {
      for (let i = 0; i < customerRows.length; i += 500) await trx.insertInto('customers').values(customerRows.slice(i, i + 500) as never).execute();
      for (let i = 0; i < deviceRows.length; i += 500) await trx.insertInto('devices').values(deviceRows.slice(i, i + 500) as never).execute();
    });
    const bulkMs = performance.now() - bulkStart;
    console.log(`import of ${sizes.customers.toLocaleString('en-US')} customers and ${sizes.devices.toLocaleString('en-US')} devices: ${(importMs / 1000).toFixed(1)} s; plain bulk insert of the same rows: ${(bulkMs / 1000).toFixed(1)} s`);
    console.log(`import: ${Math.round(rows / (importMs / 1000)).toLocaleString('en-US')} rows/s, ${Math.round((bulkMs / importMs) * 100)}% of bulk insert`);
  } finally {
    for (const database of open) await database.close();
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(root, { recursive: true, force: true });
  }
};
