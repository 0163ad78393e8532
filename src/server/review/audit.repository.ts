import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { AuditEntry } from '../../shared/sync/model/command-effects.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

/** Writes one line of the append-only audit log: who changed what, before and after, and why. */
export const writeAudit = (trx: Transaction<ServerDatabase> | Kysely<ServerDatabase>, actorId: string | null, entry: AuditEntry, at: string) =>
  trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: actorId,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      before_json: JSON.stringify(entry.before),
      after_json: JSON.stringify(entry.after),
      reason: entry.reason,
      created_at: at,
    })
    .execute();
