import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { readSnapshots } from './snapshots.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { ServerDialect } from '../db/migrations/index.ts';


/**
 * Records what a transaction changed in the global change log. The sequence numbers come from
 * one counter row updated as the transaction's last write: the row lock is held until commit,
 * so sequence numbers become visible strictly in commit order and a reader paging by `seq` can
 * never skip a change that commits later with a smaller number (a plain sequence or a
 * timestamp could). Each entity keeps only its latest entry.
 */
export const recordChanges = async (trx: Transaction<ServerDatabase>, refs: readonly ChangeRef[], now: Date): Promise<void> => {
  const unique = [...new Map(refs.map((ref) => [`${ref.entity}:${ref.id}`, ref])).values()];
  if (unique.length === 0) return;
  const found = await readSnapshots(trx, unique);
  await recordSnapshots(
    trx,
    unique.map((ref) => ({ ...ref, data: found.get(`${ref.entity}:${ref.id}`) ?? null })),
    now,
  );
};

/**
 * The same when the writer already holds each row in the shape it travels (an import of 150,000
 * rows maps what it wrote instead of reading it back). `data` null records a deletion.
 */
export const recordSnapshots = async (
  trx: Transaction<ServerDatabase>,
  snapshots: ReadonlyArray<ChangeRef & { data: Record<string, unknown> | null }>,
  now: Date,
  dialect: ServerDialect = 'sqlite',
): Promise<void> => {
  const unique = [...new Map(snapshots.map((snapshot) => [`${snapshot.entity}:${snapshot.id}`, snapshot])).values()];
  if (unique.length === 0) return;
  const counter = await trx
    .updateTable('sync_counter')
    .set((eb) => ({ seq: eb('seq', '+', unique.length) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const first = Number(counter.seq) - unique.length + 1;
  const changedAt = now.toISOString();
  const rows = unique.map(({ entity, id, data }, index) => ({
    seq: first + index,
    entity,
    entity_id: id,
    op: data === null ? ('delete' as const) : ('upsert' as const),
    data: data === null ? null : JSON.stringify(data),
    changed_at: changedAt,
  }));
  await bulkInsert(trx, dialect, 'sync_changes', rows);
};
