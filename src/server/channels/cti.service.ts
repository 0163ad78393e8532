import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ringingShownForMs, type CallLine, type CtiEvent } from '../../shared/channels/calls.ts';
import { newId } from '../../shared/ids.ts';
import { normalizePhone } from '../../shared/phone/phone-number.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import { customersWithPhone } from '../customers/customer-phone.repository.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { recordChanges } from '../sync/change-log.ts';

type Db = Kysely<ServerDatabase>;

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');
const requireLead = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Le chiavi del centralino sono gestite dai team leader e dagli amministratori.');
};
const toKey = (row: ServerDatabase['cti_keys']) => ({ id: row.id, label: row.label, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at });

/** A key for one PBX installation: shown once, only its hash is kept, audited (a null user: the operator's command line). */
export const issueCtiKey = async (db: Db, user: AuthenticatedUser | null, label: string, now: Date) => {
  if (user) requireLead(user);
  const key = `cti_${randomBytes(32).toString('base64url')}`;
  const at = now.toISOString();
  const row = { id: newId(), label: label.trim() || 'Centralino', key_hash: hashKey(key), created_by: user?.id ?? null, created_at: at, revoked_at: null, revoked_by: null, last_used_at: null };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('cti_keys').values(row).execute();
    await writeAudit(trx, user?.id ?? null, { entity: 'cti_key', entityId: row.id, action: 'cti.keyIssued', before: null, after: { label: row.label }, reason: 'Nuovo centralino' }, at);
  });
  return { ...toKey(row), key };
};

export const listCtiKeys = async (db: Db, user: AuthenticatedUser) => {
  requireLead(user);
  return { keys: (await db.selectFrom('cti_keys').selectAll().orderBy('created_at').execute()).map(toKey) };
};

export const revokeCtiKey = async (db: Db, user: AuthenticatedUser, id: string, now: Date) => {
  requireLead(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('cti_keys').set({ revoked_at: at, revoked_by: user.id }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (!updated) throw new AppFailure('conflict', 'Chiave inesistente o già revocata.');
    await writeAudit(trx, user.id, { entity: 'cti_key', entityId: id, action: 'cti.keyRevoked', before: { revokedAt: null }, after: { revokedAt: at }, reason: 'Chiave revocata' }, at);
    return toKey(updated);
  });
};

/**
 * A fingerprint of the calls of the last two minutes (ids and states): a console asks it every
 * couple of seconds and pulls only when it changed, so a ringing phone reaches the screens
 * without every console pulling everything that often.
 */
export const activeCallsSignature = async (db: Db, now: Date): Promise<{ signature: string }> => {
  const rows = await db.selectFrom('calls').select(['id', 'state']).where('rang_at', '>=', new Date(now.getTime() - ringingShownForMs).toISOString()).orderBy('id').execute();
  return { signature: hashKey(rows.map((row) => `${row.id}:${row.state}`).join(',')) };
};

/** The installation a key stands for; a missing, unknown or revoked key is refused in words. */
export const authenticateCtiKey = async (db: Db, key: string | undefined): Promise<{ keyId: string }> => {
  if (!key || !/^cti_[A-Za-z0-9_-]{43}$/.test(key)) throw new AppFailure('unauthorized', 'Chiave del centralino mancante o non valida.');
  const row = await db.selectFrom('cti_keys').select(['id', 'revoked_at']).where('key_hash', '=', hashKey(key)).executeTakeFirst();
  if (!row) throw new AppFailure('unauthorized', 'Chiave del centralino mancante o non valida.');
  if (row.revoked_at !== null) throw new AppFailure('unauthorized', 'Chiave del centralino revocata.');
  return { keyId: row.id };
};

/**
 * One event of a call (ring, answer, hang-up), in order or not, once or again: the call is one row
 * per installation and PBX id; an answer names the colleague by e-mail; a hang-up of a call never
 * answered is a missed call. The caller's number names the customer whose phone field holds it
 * (none when unknown or shared). The consoles learn it at their next pull.
 */
export const applyCallEvent = async (db: Db, source: { keyId: string }, event: CtiEvent, options: { now: Date; weekendLine: string | null }): Promise<{ callId: string; state: string; customerId: string | null }> => {
  const at = event.at ?? options.now.toISOString();
  const number = normalizePhone(event.from);
  const line: CallLine = options.weekendLine && event.to && normalizePhone(event.to) === options.weekendLine ? 'weekend' : 'main';
  const attempt = () =>
    db.transaction().execute(async (trx) => {
      let call = await lockedIf(trx.selectFrom('calls').selectAll().where('key_id', '=', source.keyId).where('external_id', '=', event.callId), canLockRows(trx)).executeTakeFirst();
      if (!call) {
        const customers = number ? await customersWithPhone(trx, number) : [];
        const row = { id: newId(), key_id: source.keyId, external_id: event.callId, from_number: number, line, customer_id: customers.length === 1 ? (customers[0]?.id ?? null) : null, state: 'ringing' as const, answered_by: null, rang_at: at, answered_at: null, ended_at: null, duration_seconds: null };
        await trx.insertInto('calls').values(row).execute();
        call = row;
      }
      const changes: Partial<ServerDatabase['calls']> = {};
      if (event.event === 'answer' && call.answered_at === null && call.state !== 'ended' && call.state !== 'missed') {
        const agent = event.agent ? await trx.selectFrom('users').select('id').where('email', '=', event.agent.trim().toLowerCase()).where('disabled', '=', 0).executeTakeFirst() : undefined;
        Object.assign(changes, { state: 'answered', answered_at: at, answered_by: agent?.id ?? null });
      }
      if (event.event === 'hangup' && call.ended_at === null) {
        const answeredAt = changes.answered_at ?? call.answered_at;
        Object.assign(changes, { state: answeredAt ? 'ended' : 'missed', ended_at: at, duration_seconds: answeredAt ? Math.max(0, Math.round((Date.parse(at) - Date.parse(answeredAt)) / 1000)) : null });
      }
      if (Object.keys(changes).length > 0) await trx.updateTable('calls').set(changes).where('id', '=', call.id).execute();
      await trx.updateTable('cti_keys').set({ last_used_at: options.now.toISOString() }).where('id', '=', source.keyId).execute();
      await recordChanges(trx, [{ entity: 'call', id: call.id }], options.now);
      return { callId: call.id, state: changes.state ?? call.state, customerId: call.customer_id };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two events of a new call at once: the second finds the row the first wrote.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
};
