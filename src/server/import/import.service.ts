import type { Kysely, Transaction } from 'kysely';
import { addDays } from '../../shared/domain/calendar-day.ts';
import { romeDay } from '../../shared/domain/index.ts';
import { newId } from '../../shared/ids.ts';
import {
  importKindLabels,
  readImportTable,
  type ContractImportRecord,
  type CustomerImportRecord,
  type DeviceImportRecord,
  type HourBalanceImportRecord,
  type ImportKind,
  type ImportProblem,
  type ImportRecord,
} from '../../shared/import/import-kinds.ts';
import { importProblemsShown, refusedRowCount, type ImportProgress, type ImportReport } from '../../shared/import/import-report.ts';
import { contractKindLabels } from '../../shared/model/enums.ts';
import { formatDay } from '../../shared/format.ts';
import { periodsOverlap } from '../../shared/sync/model/contract-rules.ts';
import { customerRowToWire } from '../../shared/model/customer.mapping.ts';
import { contractRowToWire } from '../../shared/model/contract.mapping.ts';
import { deviceRowToWire } from '../db/row-mappers.ts';
import type { ServerDb } from '../db/server-database.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ServerDialect } from '../db/migrations/index.ts';
import { bulkInsert, isOneOf } from '../db/bulk-insert.ts';
import { createIdSource } from '../db/bulk-ids.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { recordChanges, recordSnapshots } from '../sync/change-log.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { evaluateInterventionBilling, evaluateRepairBilling } from '../billing/billing.service.ts';
import { readCustomerOpenWork } from '../billing/open-work.repository.ts';
import { readImportFile } from './import-file.ts';

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;
type Trx = Transaction<ServerDatabase>;
type Snapshot = ChangeRef & { data: Record<string, unknown> };

export type ImportRequest = {
  kind: ImportKind;
  fileName: string;
  bytes: Uint8Array;
  dryRun: boolean;
  /** Who runs it: an admin on the screen, null from the API machine's command line. */
  actorId: string | null;
  via: 'riga di comando' | 'schermata Importa' | 'dati dimostrativi';
  now?: Date;
  onProgress?: (progress: ImportProgress) => void;
};

/** What a planner found: the problems only the database can see, the counts, and how to write it. */
type Plan = {
  problems: ImportProblem[];
  created: number;
  updated: number;
  unchanged: number;
  changes: string[];
  write: (trx: Trx, dialect: ServerDialect, progress: (done: number) => void) => Promise<{ snapshots: Snapshot[]; refs: ChangeRef[]; customersToReprice: Set<string> }>;
  writeCount: number;
};

const readChunk = 5000;
// Row ids of this process's imports, drawn from one random pool (fast for 150,000 rows).
const nextId = createIdSource();
const changesShown = 200;

const inChunks = async <T, R>(values: readonly T[], size: number, read: (chunk: T[]) => Promise<R[]>): Promise<R[]> => {
  const found: R[] = [];
  for (let start = 0; start < values.length; start += size) found.push(...(await read(values.slice(start, start + size))));
  return found;
};

const unknownCustomer = (record: { line: number; customerCode: string }): ImportProblem => ({
  line: record.line,
  column: 'codice_cliente',
  reason: `nessun cliente con codice «${record.customerCode}»: importa prima i clienti`,
});

const customerIdsByCode = async (db: Db, dialect: ServerDialect, codes: readonly string[]): Promise<Map<string, string>> => {
  const unique = [...new Set(codes)];
  const rows = await inChunks(unique, readChunk, (chunk) => db.selectFrom('customers').select(['id', 'code']).where(isOneOf(dialect, 'code', chunk)).execute());
  return new Map(rows.map((row) => [row.code, row.id]));
};

/** The rows of a file that refer to a customer: those whose code is known, and a problem for each other one. */
const resolveCustomers = async <R extends { line: number; customerCode: string }>(db: Db, dialect: ServerDialect, records: readonly R[]) => {
  const customerIds = await customerIdsByCode(db, dialect, records.map((record) => record.customerCode));
  const problems: ImportProblem[] = records.filter((record) => !customerIds.has(record.customerCode)).map(unknownCustomer);
  return { customerIds, problems, known: records.filter((record) => customerIds.has(record.customerCode)) };
};

const customerColumns = {
  name: 'ragione_sociale',
  vat_number: 'partita_iva',
  fiscal_code: 'codice_fiscale',
  address: 'indirizzo',
  postal_code: 'cap',
  city: 'comune',
  province: 'provincia',
  phone: 'telefono',
  email: 'email',
  notes: 'note',
} as const;
type CustomerValues = { -readonly [C in keyof typeof customerColumns]: string | null } & { name: string };

const customerValues = (record: CustomerImportRecord): CustomerValues => ({
  name: record.name,
  vat_number: record.vatNumber,
  fiscal_code: record.fiscalCode,
  address: record.address,
  postal_code: record.postalCode,
  city: record.city,
  province: record.province,
  phone: record.phone,
  email: record.email,
  notes: record.notes,
});

/** The columns whose values differ (a null and a missing column are the same). */
const changedColumns = <K extends string>(before: Partial<Record<NoInfer<K>, unknown>>, after: Record<K, unknown>): K[] =>
  (Object.keys(after) as K[]).filter((key) => (before[key] ?? null) !== (after[key] ?? null));

const planCustomers = async (db: Db, dialect: ServerDialect, records: readonly CustomerImportRecord[], at: string): Promise<Plan> => {
  const existing = await inChunks(
    records.map((record) => record.code),
    readChunk,
    (chunk) => db.selectFrom('customers').selectAll().where(isOneOf(dialect, 'code', chunk)).execute(),
  );
  const byCode = new Map(existing.map((row) => [row.code, row]));
  const inserts: Array<ServerDatabase['customers']> = [];
  const updates: Array<{ row: ServerDatabase['customers']; set: Partial<CustomerValues> }> = [];
  const changes: string[] = [];
  let unchanged = 0;
  for (const record of records) {
    const values = customerValues(record);
    const before = byCode.get(record.code);
    if (!before) {
      inserts.push({ id: nextId(), code: record.code, ...values, created_at: at, updated_at: at });
      if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.code} nuovo`);
      continue;
    }
    const changed = changedColumns(before, values);
    if (changed.length === 0) {
      unchanged += 1;
      continue;
    }
    updates.push({ row: before, set: Object.fromEntries(changed.map((key) => [key, values[key]])) });
    if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.code} aggiornato (${changed.map((key) => customerColumns[key]).join(', ')})`);
  }
  return {
    problems: [],
    created: inserts.length,
    updated: updates.length,
    unchanged,
    changes,
    writeCount: inserts.length + updates.length,
    write: async (trx, dialect, progress) => {
      const snapshots: Snapshot[] = [];
      let done = 0;
      // A new customer's hour bank is empty: the consoles show an empty one without a change-log entry.
      await bulkInsert(trx, dialect, 'customers', inserts, (written) => progress((done += written)));
      for (const row of inserts) snapshots.push({ entity: 'customer', id: row.id, data: customerRowToWire(row) });
      for (const { row, set } of updates) {
        await trx.updateTable('customers').set({ ...set, updated_at: at }).where('id', '=', row.id).execute();
        snapshots.push({ entity: 'customer', id: row.id, data: customerRowToWire({ ...row, ...set }) });
        progress((done += 1));
      }
      return { snapshots, refs: [], customersToReprice: new Set() };
    },
  };
};

const planContracts = async (db: Db, dialect: ServerDialect, records: readonly ContractImportRecord[], at: string): Promise<Plan> => {
  const { customerIds, problems, known } = await resolveCustomers(db, dialect, records);
  const existing = await inChunks([...new Set(known.map((record) => customerIds.get(record.customerCode) ?? ''))], readChunk, (chunk) =>
    db.selectFrom('contracts').selectAll().where(isOneOf(dialect, 'customer_id', chunk)).execute(),
  );
  type Final = ServerDatabase['contracts'] & { line: number | null };
  const finalByCustomer = new Map<string, Final[]>();
  for (const row of existing) finalByCustomer.set(row.customer_id, [...(finalByCustomer.get(row.customer_id) ?? []), { ...row, line: null }]);
  const inserts: Array<ServerDatabase['contracts']> = [];
  const updates: Array<ServerDatabase['contracts']> = [];
  const changes: string[] = [];
  let unchanged = 0;
  const mine: Array<{ record: ContractImportRecord; row: Final }> = [];
  for (const record of known) {
    const customerId = customerIds.get(record.customerCode) ?? '';
    const list = finalByCustomer.get(customerId) ?? [];
    finalByCustomer.set(customerId, list);
    const same = list.find((row) => row.kind === record.kind && row.valid_from === record.validFrom && row.line === null);
    const label = `${record.customerCode} ${contractKindLabels[record.kind].toLowerCase()} dal ${formatDay(record.validFrom)}`;
    if (!same) {
      const row: Final = { id: nextId(), customer_id: customerId, kind: record.kind, valid_from: record.validFrom, valid_to: record.validTo, notes: record.notes, created_at: at, updated_at: at, line: record.line };
      list.push(row);
      inserts.push(row);
      mine.push({ record, row });
      if (changes.length < changesShown) changes.push(`riga ${record.line}: ${label} nuovo`);
      continue;
    }
    same.line = record.line;
    mine.push({ record, row: same });
    const changed = changedColumns(same, { valid_to: record.validTo, notes: record.notes });
    if (changed.length === 0) {
      unchanged += 1;
      continue;
    }
    same.valid_to = record.validTo;
    same.notes = record.notes;
    updates.push(same);
    if (changes.length < changesShown) changes.push(`riga ${record.line}: ${label} aggiornato (${changed.map((key) => (key === 'valid_to' ? 'al' : 'note')).join(', ')})`);
  }
  // Two contracts of the same kind never cover the same day, in the file or with what is registered.
  for (const { record, row } of mine) {
    const clash = (finalByCustomer.get(row.customer_id) ?? []).find((other) => other !== row && other.kind === row.kind && periodsOverlap(contractRowToWire(other), contractRowToWire(row)));
    if (!clash) continue;
    const where = clash.line === null ? 'già registrato' : `riga ${clash.line}`;
    problems.push({
      line: record.line,
      column: 'dal',
      reason: `si sovrappone al contratto ${contractKindLabels[clash.kind].toLowerCase()} dal ${formatDay(clash.valid_from)}${clash.valid_to ? ` al ${formatDay(clash.valid_to)}` : ', senza scadenza'} (${where})`,
    });
  }
  const strip = ({ line: _line, ...row }: Final): ServerDatabase['contracts'] => row;
  return {
    problems,
    created: inserts.length,
    updated: updates.length,
    unchanged,
    changes,
    writeCount: inserts.length + updates.length,
    write: async (trx, dialect, progress) => {
      const snapshots: Snapshot[] = [];
      const customersToReprice = new Set<string>();
      let done = 0;
      const rows = inserts.map((row) => strip(row as Final));
      await bulkInsert(trx, dialect, 'contracts', rows, (written) => progress((done += written)));
      for (const row of rows) {
        snapshots.push({ entity: 'contract', id: row.id, data: contractRowToWire(row) });
        customersToReprice.add(row.customer_id);
      }
      for (const row of updates) {
        await trx.updateTable('contracts').set({ valid_to: row.valid_to, notes: row.notes, updated_at: at }).where('id', '=', row.id).execute();
        snapshots.push({ entity: 'contract', id: row.id, data: contractRowToWire(row) });
        customersToReprice.add(row.customer_id);
        progress((done += 1));
      }
      return { snapshots, refs: [], customersToReprice };
    },
  };
};

const planDevices = async (db: Db, dialect: ServerDialect, records: readonly DeviceImportRecord[], at: string): Promise<Plan> => {
  const { customerIds, problems, known } = await resolveCustomers(db, dialect, records);
  const existing = await inChunks(
    known.map((record) => record.serial),
    readChunk,
    (chunk) => db.selectFrom('devices').selectAll().where(isOneOf(dialect, 'serial', chunk)).execute(),
  );
  const bySerial = new Map(existing.map((row) => [row.serial, row]));
  const otherOwners = [...new Set(known.flatMap((record) => {
    const before = bySerial.get(record.serial);
    return before && before.customer_id !== customerIds.get(record.customerCode) ? [before.customer_id] : [];
  }))];
  const ownerCodes = new Map(
    (await inChunks(otherOwners, readChunk, (chunk) => db.selectFrom('customers').select(['id', 'code']).where(isOneOf(dialect, 'id', chunk)).execute())).map((row) => [row.id, row.code]),
  );
  const inserts: Array<ServerDatabase['devices']> = [];
  const updates: Array<{ row: ServerDatabase['devices']; warrantyChanged: boolean }> = [];
  const changes: string[] = [];
  let unchanged = 0;
  const today = romeDay(new Date(at));
  for (const record of known) {
    const customerId = customerIds.get(record.customerCode) ?? '';
    if (record.purchaseDate > today) {
      problems.push({ line: record.line, column: 'data_acquisto', reason: 'la data di acquisto è nel futuro' });
      continue;
    }
    const values = { model: record.model, purchase_date: record.purchaseDate, warranty_months: record.warrantyMonths, warranty_review: null };
    const before = bySerial.get(record.serial);
    if (!before) {
      inserts.push({ id: nextId(), customer_id: customerId, serial: record.serial, ...values, created_at: at, updated_at: at });
      if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.serial} nuovo`);
      continue;
    }
    if (before.customer_id !== customerId) {
      problems.push({ line: record.line, column: 'seriale', reason: `il seriale è già registrato per il cliente ${ownerCodes.get(before.customer_id) ?? ''}: un team leader lo corregge dalla scheda cliente` });
      continue;
    }
    const changed = changedColumns(before, values);
    if (changed.length === 0) {
      unchanged += 1;
      continue;
    }
    updates.push({ row: { ...before, ...values }, warrantyChanged: changed.some((key) => key !== 'model') });
    const names = { model: 'modello', purchase_date: 'data_acquisto', warranty_months: 'mesi_garanzia', warranty_review: 'garanzia confermata' } as const;
    if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.serial} aggiornato (${changed.map((key) => names[key]).join(', ')})`);
  }
  return {
    problems,
    created: inserts.length,
    updated: updates.length,
    unchanged,
    changes,
    writeCount: inserts.length + updates.length,
    write: async (trx, dialect, progress) => {
      const snapshots: Snapshot[] = [];
      const customersToReprice = new Set<string>();
      let done = 0;
      await bulkInsert(trx, dialect, 'devices', inserts, (written) => progress((done += written)));
      for (const row of inserts) snapshots.push({ entity: 'device', id: row.id, data: deviceRowToWire(row) });
      for (const { row, warrantyChanged } of updates) {
        const { model, purchase_date, warranty_months, warranty_review } = row;
        await trx.updateTable('devices').set({ model, purchase_date, warranty_months, warranty_review, updated_at: at }).where('id', '=', row.id).execute();
        snapshots.push({ entity: 'device', id: row.id, data: deviceRowToWire(row) });
        // The warranty decides what the device's work costs: open work is priced again.
        if (warrantyChanged) customersToReprice.add(row.customer_id);
        progress((done += 1));
      }
      return { snapshots, refs: [], customersToReprice };
    },
  };
};

const planHourBalances = async (db: Db, dialect: ServerDialect, records: readonly HourBalanceImportRecord[], at: string, actorId: string | null): Promise<Plan> => {
  const { customerIds, problems, known } = await resolveCustomers(db, dialect, records);
  const ids = [...new Set(known.map((record) => customerIds.get(record.customerCode) ?? ''))];
  const packages = await inChunks(ids, readChunk, (chunk) =>
    db.selectFrom('hour_bank_packages').selectAll().where(isOneOf(dialect, 'customer_id', chunk)).where('reference', 'is not', null).execute(),
  );
  const grants = await inChunks(ids, readChunk, (chunk) =>
    db
      .selectFrom('hour_bank_ledger')
      .select(['customer_id', 'reference', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
      .where(isOneOf(dialect, 'customer_id', chunk))
      .where('source', '=', 'free')
      .where('reference', 'is not', null)
      .groupBy(['customer_id', 'reference'])
      .execute(),
  );
  const used = await inChunks(
    packages.map((row) => row.id),
    readChunk,
    (chunk) =>
      db
        .selectFrom('hour_bank_ledger')
        .select(['package_id', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
        .where(isOneOf(dialect, 'package_id', chunk))
        .groupBy('package_id')
        .execute(),
  );
  const usedByPackage = new Map(used.map((row) => [row.package_id, -Number(row.minutes)]));
  const packageByRef = new Map(packages.map((row) => [`${row.customer_id}|${row.reference}`, row]));
  const grantByRef = new Map(grants.map((row) => [`${row.customer_id}|${row.reference}`, Number(row.minutes)]));
  const ledger: Array<ServerDatabase['hour_bank_ledger']> = [];
  const packageInserts: Array<ServerDatabase['hour_bank_packages']> = [];
  const packageUpdates: Array<ServerDatabase['hour_bank_packages']> = [];
  const touched = new Set<string>();
  const changes: string[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const record of known) {
    const customerId = customerIds.get(record.customerCode) ?? '';
    const key = `${customerId}|${record.reference}`;
    const hours = (record.minutes / 60).toLocaleString('it-IT');
    if (record.kind === 'free') {
      const before = grantByRef.get(key);
      if (before === record.minutes) {
        unchanged += 1;
        continue;
      }
      const first = before === undefined;
      ledger.push({
        id: nextId(),
        customer_id: customerId,
        entry_type: first ? 'grant' : 'adjustment',
        source: 'free',
        package_id: null,
        minutes: record.minutes - (before ?? 0),
        intervention_id: null,
        repair_id: null,
        reason: first ? `Saldo iniziale di ore gratuite importato (${record.reference})` : `Saldo iniziale di ore gratuite corretto dall’import (${record.reference})`,
        author_id: actorId,
        created_at: at,
        reference: record.reference,
      });
      touched.add(customerId);
      if (first) created += 1;
      else updated += 1;
      if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.customerCode} ore gratuite ${record.reference} ${first ? `nuove (${hours} h)` : `aggiornate a ${hours} h`}`);
      continue;
    }
    // `scade_il` is the last day the package applies; the hour bank keeps the first day it no longer does.
    const values = { minutes: record.minutes, purchased_on: record.purchasedOn ?? '', expires_on: record.expiresOn ? addDays(record.expiresOn, 1) : null };
    const before = packageByRef.get(key);
    if (!before) {
      packageInserts.push({ id: nextId(), customer_id: customerId, rate_cents: 0, ...values, created_at: at, reference: record.reference });
      touched.add(customerId);
      created += 1;
      if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.customerCode} pacchetto ${record.reference} nuovo (${hours} h)`);
      continue;
    }
    const changed = changedColumns(before, values);
    if (changed.length === 0) {
      unchanged += 1;
      continue;
    }
    const usedMinutes = usedByPackage.get(before.id) ?? 0;
    if (record.minutes < usedMinutes) {
      problems.push({ line: record.line, column: 'ore', reason: `il pacchetto ha già ${(usedMinutes / 60).toLocaleString('it-IT')} ore usate` });
      continue;
    }
    packageUpdates.push({ ...before, ...values });
    touched.add(customerId);
    updated += 1;
    if (changes.length < changesShown) changes.push(`riga ${record.line}: ${record.customerCode} pacchetto ${record.reference} aggiornato`);
  }
  return {
    problems,
    created,
    updated,
    unchanged,
    changes,
    writeCount: ledger.length + packageInserts.length + packageUpdates.length,
    write: async (trx, dialect, progress) => {
      let done = 0;
      await bulkInsert(trx, dialect, 'hour_bank_ledger', ledger, (written) => progress((done += written)));
      await bulkInsert(trx, dialect, 'hour_bank_packages', packageInserts, (written) => progress((done += written)));
      for (const row of packageUpdates) {
        await trx.updateTable('hour_bank_packages').set({ minutes: row.minutes, purchased_on: row.purchased_on, expires_on: row.expires_on }).where('id', '=', row.id).execute();
        progress((done += 1));
      }
      return { snapshots: [], refs: [...touched].map((id) => ({ entity: 'hour_bank' as const, id })), customersToReprice: new Set() };
    },
  };
};

const planners: { [K in ImportKind]: (db: Db, dialect: ServerDialect, records: ReadonlyArray<ImportRecord[K]>, at: string, actorId: string | null) => Promise<Plan> } = {
  clienti: planCustomers,
  contratti: planContracts,
  dispositivi: planDevices,
  'monte-ore': planHourBalances,
};

/**
 * One import: read the file, check every row (the file's own rules, then what only the database
 * knows), and, unless it is a dry run or any row is refused, write it all in one transaction with
 * its change-log entries and one audit line. Reads and writes share the transaction, so what was
 * checked is what is written.
 */
export const runImport = async (server: ServerDb, request: ImportRequest): Promise<ImportReport> => {
  const now = request.now ?? new Date();
  const at = now.toISOString();
  request.onProgress?.({ phase: 'reading', done: 0, total: request.bytes.length });
  const rows = await readImportFile(request.bytes);
  const table = readImportTable(request.kind, rows);
  request.onProgress?.({ phase: 'checking', done: table.records.length, total: table.rowCount });
  const report = (fields: Partial<ImportReport> & { problems: ImportProblem[] }): ImportReport => {
    const problems = [...fields.problems].sort((a, b) => a.line - b.line);
    return {
      kind: request.kind,
      fileName: request.fileName,
      dryRun: request.dryRun,
      created: 0,
      updated: 0,
      unchanged: 0,
      changes: [],
      written: false,
      rows: table.rowCount,
      ignoredColumns: table.ignoredColumns,
      ...fields,
      refused: table.headerRefused ? table.rowCount : refusedRowCount(problems.filter((problem) => problem.line !== table.headerLine)),
      problems: problems.slice(0, importProblemsShown),
    };
  };
  if (table.headerRefused) return report({ problems: table.problems });
  const planner = planners[request.kind] as (db: Db, dialect: ServerDialect, records: ReadonlyArray<ImportRecord[ImportKind]>, at: string, actorId: string | null) => Promise<Plan>;
  const summarize = (plan: Plan, written: boolean) =>
    report({
      problems: [...table.problems, ...plan.problems],
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      changes: plan.changes,
      written,
    });
  if (request.dryRun || table.problems.length > 0) return summarize(await planner(server.db, server.dialect, table.records, at, request.actorId), false);
  return server.db.transaction().execute(async (trx) => {
    const plan = await planner(trx, server.dialect, table.records, at, request.actorId);
    if (plan.problems.length > 0) return summarize(plan, false);
    const total = plan.writeCount;
    const { snapshots, refs, customersToReprice } = await plan.write(trx, server.dialect, (done) => request.onProgress?.({ phase: 'writing', done, total }));
    // What the change means for work already priced: open work is priced again (closed months never change).
    for (const customerId of customersToReprice) {
      const work = await readCustomerOpenWork(trx, customerId);
      const reason = `Import di ${importKindLabels[request.kind].toLowerCase()} (${request.fileName})`;
      for (const interventionId of work.interventionIds) refs.push(...(await evaluateInterventionBilling(trx, { interventionId, actorId: request.actorId, reason, now })));
      for (const repairId of work.repairIds) refs.push(...(await evaluateRepairBilling(trx, { repairId, actorId: request.actorId, reason, now })));
    }
    await recordSnapshots(trx, snapshots, now, server.dialect);
    await recordChanges(trx, refs, now);
    const result = summarize(plan, true);
    await writeAudit(
      trx,
      request.actorId,
      {
        entity: 'import',
        entityId: newId(),
        action: `import.${request.kind}`,
        before: null,
        after: { fileName: request.fileName, via: request.via, rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged },
        reason: `Import ${request.fileName}`,
      },
      at,
    );
    request.onProgress?.({ phase: 'done', done: total, total });
    return result;
  });
};
