import type { Kysely } from 'kysely';
import type { AuditEntry, AuditTrailRequest } from '../../shared/review/audit.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * A record's audit trail, oldest first. Team leads read any record's; a technician reads the
 * history of their own interventions (approvals and adjustments of their work), nothing else.
 */
export const readAuditTrail = async (
  db: Kysely<ServerDatabase>,
  user: AuthenticatedUser,
  request: AuditTrailRequest,
): Promise<{ entries: AuditEntry[] }> => {
  if (!isLead({ id: user.id, role: user.role })) {
    const own =
      request.entity === 'intervention' &&
      (await db
        .selectFrom('interventions')
        .select('id')
        .where('id', '=', request.id)
        .where('technician_id', '=', user.id)
        .executeTakeFirst()) !== undefined;
    if (!own) throw new AppFailure('forbidden', 'Lo storico delle modifiche di questo elemento è riservato ai team leader.');
  }
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.created_at',
      'audit_log.action',
      'audit_log.reason',
      'audit_log.before_json',
      'audit_log.after_json',
      'users.display_name',
    ])
    .where('audit_log.entity', '=', request.entity)
    .where('audit_log.entity_id', '=', request.id)
    .orderBy('audit_log.created_at')
    .orderBy('audit_log.id')
    .limit(500)
    .execute();
  return {
    entries: rows.map((row) => ({
      id: row.id,
      at: row.created_at,
      actorName: row.display_name,
      action: row.action,
      reason: row.reason,
      before: parsed(row.before_json),
      after: parsed(row.after_json),
    })),
  };
};
