import BetterSqlite3 from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { serverMigrations } from '../db/migrations/index.ts';

const run = promisify(execFile);

/** The SQLite file of the embedded engine, and the folders of files that belong with it. */
export const embeddedDatabaseFile = 'presidio-server.sqlite';
const companionFolders = ['mail', 'attachments'] as const;
const manifestFile = 'manifest.json';
const dumpFile = 'presidio.dump';

export const backupManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** The migrations applied in the copy: a release that does not know one of them refuses it. */
  schema: z.array(z.string()),
  /** Rows per table at the backup's point, to verify a restore against. */
  rowCounts: z.record(z.string(), z.int().nonnegative()),
  files: z.array(z.object({ path: z.string(), bytes: z.int().nonnegative(), sha256: z.string() })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

const stampOf = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
export const backupNamePattern = /^presidio-backup-(\d{8})T\d{6}Z$/;

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const listFiles = (root: string, folder = root): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(root, join(folder, entry.name)) : entry.isFile() ? [relative(root, join(folder, entry.name))] : []))
    : [];

const describeFiles = (directory: string) =>
  listFiles(directory)
    .filter((path) => path !== manifestFile)
    .sort()
    .map((path) => ({ path, bytes: statSync(join(directory, path)).size, sha256: sha256Of(join(directory, path)) }));

const sqliteCounts = (file: string): { counts: Record<string, number>; schema: string[] } => {
  const copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = copy.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const counts: Record<string, number> = {};
    // Table names come from the database's own catalogue, quoted as identifiers.
    for (const { name } of tables) counts[name] = copy.prepare<[], { count: number }>(`SELECT count(*) AS count FROM "${name.replaceAll('"', '""')}"`).get()?.count ?? 0;
    const schema = copy.prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY id').all().map((row) => row.id);
    return { counts, schema };
  } finally {
    copy.close();
  }
};

/** A backup is made under a temporary name and renamed when complete: a folder with the final name is always whole. */
const finish = (partial: string, final: string, manifest: BackupManifest): string => {
  writeFileSync(join(partial, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(partial, final);
  return final;
};

/**
 * A consistent copy of the embedded database while the API runs, through SQLite's online backup
 * API (a snapshot as of one instant, whatever the writers do meanwhile), then the mail and
 * attachment files: they are only ever added, so every file the copied rows refer to is there.
 */
export const backupEmbedded = async (input: { dataDirectory: string; targetRoot: string; now: Date; appVersion: string }): Promise<string> => {
  const source = join(input.dataDirectory, embeddedDatabaseFile);
  if (!existsSync(source)) throw new Error(`Nessun database da copiare in ${input.dataDirectory}.`);
  const name = `presidio-backup-${stampOf(input.now)}`;
  const final = join(input.targetRoot, name);
  if (existsSync(final)) throw new Error(`Esiste già un backup ${name}.`);
  const partial = join(input.targetRoot, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const live = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
    try {
      // Every page in one step, under one read transaction: with the default steps of 100 pages a
      // copy restarts whenever the API writes meanwhile, and under steady writes never finishes.
      await live.backup(join(partial, embeddedDatabaseFile), { progress: () => 0x7fffffff });
    } finally {
      live.close();
    }
    for (const folder of companionFolders) if (existsSync(join(input.dataDirectory, folder))) cpSync(join(input.dataDirectory, folder), join(partial, folder), { recursive: true });
    const { counts, schema } = sqliteCounts(join(partial, embeddedDatabaseFile));
    return finish(partial, final, { format: 1, createdAt: input.now.toISOString(), appVersion: input.appVersion, engine: 'sqlite', schema, rowCounts: counts, files: describeFiles(partial) });
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
};

/** Reads a backup's manifest and checks every file against it (size and SHA-256). */
export const readVerifiedManifest = (backupDirectory: string): BackupManifest => {
  const path = join(backupDirectory, manifestFile);
  if (!existsSync(path)) throw new Error(`${backupDirectory} non è un backup di Presidio: manca ${manifestFile}.`);
  const manifest = backupManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  for (const file of manifest.files) {
    const full = join(backupDirectory, file.path);
    if (!existsSync(full)) throw new Error(`Backup incompleto: manca ${file.path}.`);
    if (statSync(full).size !== file.bytes || sha256Of(full) !== file.sha256) throw new Error(`Backup danneggiato: ${file.path} non corrisponde al manifest.`);
  }
  const known = new Set(serverMigrations.map((migration) => migration.id));
  const unknown = manifest.schema.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`Il backup viene da una versione più recente di Presidio (${unknown.join(', ')}): aggiorna l’API prima di ripristinarlo.`);
  return manifest;
};

/**
 * Restores an embedded-database backup into an empty data folder (never over a database: the
 * person restoring moves the damaged one aside first). The API migrates it at its next start.
 */
export const restoreEmbedded = (input: { backupDirectory: string; dataDirectory: string }): BackupManifest => {
  const manifest = readVerifiedManifest(input.backupDirectory);
  if (manifest.engine !== 'sqlite') throw new Error('È un backup PostgreSQL: si ripristina con pg_restore (docs/operations.md).');
  if (existsSync(join(input.dataDirectory, embeddedDatabaseFile))) throw new Error(`${input.dataDirectory} contiene già un database: ripristina in una cartella vuota.`);
  mkdirSync(input.dataDirectory, { recursive: true });
  for (const file of manifest.files) {
    mkdirSync(join(input.dataDirectory, file.path, '..'), { recursive: true });
    cpSync(join(input.backupDirectory, file.path), join(input.dataDirectory, file.path));
  }
  return manifest;
};

const postgresCounts = async (client: pg.Client): Promise<{ counts: Record<string, number>; schema: string[] }> => {
  const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
  const counts: Record<string, number> = {};
  for (const { table_name: name } of tables.rows) {
    const counted = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${client.escapeIdentifier(name)}`);
    counts[name] = Number(counted.rows[0]?.count ?? 0);
  }
  const schema = (await client.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((row) => row.id);
  return { counts, schema };
};

/**
 * PostgreSQL: `pg_dump` (custom format) of one exported snapshot, and the row counts read in the
 * very same snapshot, so the manifest describes exactly what the dump holds.
 */
export const backupPostgres = async (input: { databaseUrl: string; targetRoot: string; now: Date; appVersion: string }): Promise<string> => {
  const name = `presidio-backup-${stampOf(input.now)}`;
  const final = join(input.targetRoot, name);
  const partial = join(input.targetRoot, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id ?? '';
    const { counts, schema } = await postgresCounts(client);
    await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--file', join(partial, dumpFile), input.databaseUrl]);
    await client.query('COMMIT');
    return finish(partial, final, { format: 1, createdAt: input.now.toISOString(), appVersion: input.appVersion, engine: 'postgres', schema, rowCounts: counts, files: describeFiles(partial) });
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
};

/**
 * Restores a PostgreSQL backup's dump into a scratch database (empty, given by URL) and compares
 * every table's rows with the manifest: the proof that the dump can be restored and is whole.
 */
export const verifyPostgresBackup = async (input: { backupDirectory: string; scratchUrl: string }): Promise<{ tables: number; rows: number }> => {
  const manifest = readVerifiedManifest(input.backupDirectory);
  if (manifest.engine !== 'postgres') throw new Error('Non è un backup PostgreSQL.');
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', input.scratchUrl, join(input.backupDirectory, dumpFile)]);
  const client = new pg.Client({ connectionString: input.scratchUrl });
  await client.connect();
  try {
    const { counts } = await postgresCounts(client);
    const differences = Object.entries(manifest.rowCounts).filter(([table, count]) => counts[table] !== count);
    if (differences.length > 0) throw new Error(`Il ripristino non corrisponde al manifest: ${differences.map(([table, count]) => `${table} ${counts[table] ?? 0} righe invece di ${count}`).join(', ')}.`);
    return { tables: Object.keys(manifest.rowCounts).length, rows: Object.values(manifest.rowCounts).reduce((sum, count) => sum + count, 0) };
  } finally {
    await client.end();
  }
};

/** The backups under a folder kept for `keepDays` days: older ones are removed (the newest is always kept). */
export const pruneBackups = (targetRoot: string, keepDays: number, now: Date): string[] => {
  if (!existsSync(targetRoot)) return [];
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const backups = readdirSync(targetRoot).filter((name) => backupNamePattern.test(name)).sort();
  const removed = backups.slice(0, -1).filter((name) => (backupNamePattern.exec(name)?.[1] ?? '') < cutoff);
  for (const name of removed) rmSync(join(targetRoot, name), { recursive: true, force: true });
  return removed;
};
