import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/server-schema.ts';
import type { ChangeRef } from '../db/change-ref.ts';
import { readSnapshots } from './snapshots.ts';


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
  const snapshots = unique.map((ref) => ({ ref, data: found.get(`${ref.entity}:${ref.id}`) ?? null }));
  const counter = await trx
    .updateTable('sync_counter')
    .set((eb) => ({ seq: eb('seq', '+', unique.length) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const first = Number(counter.seq) - unique.length + 1;
  const changedAt = now.toISOString();
  const rows = snapshots.map(({ ref, data }, index) => ({
    seq: first + index,
    entity: ref.entity,
    entity_id: ref.id,
    op: data === null ? ('delete' as const) : ('upsert' as const),
    data: data === null ? null : JSON.stringify(data),
    changed_at: changedAt,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('sync_changes')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['entity', 'entity_id']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          op: eb.ref('excluded.op'),
          data: eb.ref('excluded.data'),
          changed_at: eb.ref('excluded.changed_at'),
        })),
      )
      .execute();
  }
};
