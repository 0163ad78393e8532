import type BetterSqlite3 from 'better-sqlite3';
import type { CommandName } from '../../../shared/sync/commands.ts';
import type { Change } from '../../../shared/sync/protocol.ts';
import type { EntityRef } from '../../../shared/sync/targets.ts';
import { prepared } from '../db/prepared.ts';

type Db = BetterSqlite3.Database;

export type OutboxRow = {
  mutation_id: number;
  /** Only a parsed command is ever queued (`sync.execute`), so the column holds command names. */
  command: CommandName;
  payload: string;
  status: 'pending' | 'rejected';
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  issued_at: string;
};

/** After this many server faults on the same command, the console gives up on it (listed, retryable). */
export const maxServerAttempts = 5;

/** Every query on the outbox, the durable restores and the quarantine: the sync engine's local state. */
export const outboxCounts = (sqlite: Db) =>
  prepared<[], { pending: number; rejected: number; quarantined: number; restores: number }>(
    sqlite,
    `SELECT coalesce(sum(status = 'pending'), 0) AS pending, coalesce(sum(status = 'rejected'), 0) AS rejected,
         (SELECT count(*) FROM sync_quarantine) AS quarantined, (SELECT count(*) FROM pending_restores) AS restores
       FROM outbox`,
  ).get() ?? { pending: 0, rejected: 0, quarantined: 0, restores: 0 };

export const pendingOutboxRows = (sqlite: Db, limit: number): OutboxRow[] =>
  prepared<[number], OutboxRow>(
    sqlite,
    "SELECT * FROM outbox WHERE status = 'pending' ORDER BY mutation_id LIMIT ?",
  ).all(limit);

/** All of them at once: replaying writes to the database, which an open iterator would forbid. */
export const allPendingOutboxRows = (sqlite: Db): OutboxRow[] =>
  prepared<[], OutboxRow>(sqlite, "SELECT * FROM outbox WHERE status = 'pending' ORDER BY mutation_id").all();

export const rejectedOutboxRows = (sqlite: Db): OutboxRow[] =>
  prepared<[], OutboxRow>(
    sqlite,
    "SELECT * FROM outbox WHERE status = 'rejected' ORDER BY mutation_id",
  ).all();

export const outboxRow = (sqlite: Db, mutationId: number): OutboxRow | undefined =>
  prepared<[number], OutboxRow>(sqlite, 'SELECT * FROM outbox WHERE mutation_id = ?').get(mutationId);

export const enqueueCommand = (sqlite: Db, name: string, payload: string, at: string): void => {
  prepared(
    sqlite,
    "INSERT INTO outbox (command, payload, status, created_at, issued_at) VALUES (?, ?, 'pending', ?, ?)",
  ).run(name, payload, at, at);
};

/** How long applied commands are kept, to send again to an API restored from an older backup. */
export const sentJournalDays = 30;

/** An applied command leaves the outbox for the journal (and the journal forgets what is too old). */
export const journalApplied = (sqlite: Db, mutationId: number, at: string): void => {
  prepared(
    sqlite,
    'INSERT OR IGNORE INTO sent_commands (mutation_id, command, payload, created_at, issued_at, applied_at) SELECT mutation_id, command, payload, created_at, issued_at, ? FROM outbox WHERE mutation_id = ?',
  ).run(at, mutationId);
  prepared(sqlite, 'DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
};

export const pruneSentJournal = (sqlite: Db, before: string): void => {
  prepared(sqlite, 'DELETE FROM sent_commands WHERE applied_at < ?').run(before);
};

/**
 * The API says it has this console's commands only up to `lastServerId` (absolute, this
 * identity's base added): it was restored from a backup. The journal's commands after it go back
 * into the outbox under their own ids, ahead of the pending ones; answers whether the journal held
 * every one of them (false: some are older than the journal keeps).
 */
export const requeueFromJournal = (sqlite: Db, lastServerId: number, firstPendingId: number): boolean => {
  const rows = prepared<[number, number], { mutation_id: number }>(sqlite, 'SELECT mutation_id FROM sent_commands WHERE mutation_id > ? AND mutation_id < ? ORDER BY mutation_id').all(lastServerId, firstPendingId);
  prepared(
    sqlite,
    "INSERT OR IGNORE INTO outbox (mutation_id, command, payload, status, created_at, issued_at) SELECT mutation_id, command, payload, 'pending', created_at, issued_at FROM sent_commands WHERE mutation_id > ? AND mutation_id < ?",
  ).run(lastServerId, firstPendingId);
  prepared(sqlite, 'DELETE FROM sent_commands WHERE mutation_id > ? AND mutation_id < ?').run(lastServerId, firstPendingId);
  return rows.length === firstPendingId - lastServerId - 1;
};

export const removeOutboxRow = (sqlite: Db, mutationId: number): number =>
  prepared(sqlite, 'DELETE FROM outbox WHERE mutation_id = ?').run(mutationId).changes;

export const markRejected = (sqlite: Db, mutationId: number, code: string, message: string): void => {
  prepared(
    sqlite,
    "UPDATE outbox SET status = 'rejected', error_code = ?, error_message = ? WHERE mutation_id = ?",
  ).run(code, message, mutationId);
};

/** Counts one more server fault on a command; answers the new count. */
export const countServerFault = (sqlite: Db, mutationId: number): number => {
  prepared(sqlite, 'UPDATE outbox SET attempts = attempts + 1 WHERE mutation_id = ?').run(mutationId);
  return outboxRow(sqlite, mutationId)?.attempts ?? 0;
};

/** Rows whose server version must be put back (after a rejection or a discard): kept until done. */
export const queueRestores = (sqlite: Db, refs: readonly EntityRef[], at: string): void => {
  const insert = prepared(
    sqlite,
    'INSERT INTO pending_restores (entity, entity_id, queued_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const ref of refs) insert.run(ref.entity, ref.id, at);
};

export const restoresToDo = (sqlite: Db, limit: number): EntityRef[] =>
  prepared<[number], { entity: EntityRef['entity']; id: string }>(
    sqlite,
    'SELECT entity, entity_id AS id FROM pending_restores ORDER BY queued_at LIMIT ?',
  ).all(limit);

export const restoresDone = (sqlite: Db, refs: readonly EntityRef[]): void => {
  const remove = prepared(sqlite, 'DELETE FROM pending_restores WHERE entity = ? AND entity_id = ?');
  for (const ref of refs) remove.run(ref.entity, ref.id);
};

export type QuarantinedRow = { entity: string; id: string; error: string; quarantinedAt: string };

export const quarantineChange = (sqlite: Db, change: Change, error: string, at: string): void => {
  prepared(
    sqlite,
    `INSERT INTO sync_quarantine (entity, entity_id, seq, data, error, quarantined_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, entity_id) DO UPDATE SET seq = excluded.seq, data = excluded.data, error = excluded.error, quarantined_at = excluded.quarantined_at`,
  ).run(
    change.entity,
    change.id,
    change.seq,
    change.data === null ? null : JSON.stringify(change.data),
    error.slice(0, 500),
    at,
  );
};

export const releaseFromQuarantine = (sqlite: Db, changes: readonly Change[]): void => {
  const remove = prepared(sqlite, 'DELETE FROM sync_quarantine WHERE entity = ? AND entity_id = ?');
  for (const change of changes) remove.run(change.entity, change.id);
};

/** Checked for every pulled chunk: one indexed probe, not a count. */
export const hasQuarantine = (sqlite: Db): boolean =>
  prepared(sqlite, 'SELECT 1 FROM sync_quarantine LIMIT 1').get() !== undefined;

export const quarantinedRows = (sqlite: Db): QuarantinedRow[] =>
  prepared<[], QuarantinedRow>(
    sqlite,
    'SELECT entity, entity_id AS id, error, quarantined_at AS quarantinedAt FROM sync_quarantine ORDER BY quarantined_at',
  ).all();

export const clearQuarantine = (sqlite: Db): void => {
  prepared(sqlite, 'DELETE FROM sync_quarantine').run();
};
