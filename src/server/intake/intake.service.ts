import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { IntakeKey, J2kRequest } from '../../shared/intake/intake-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { TimePolicy } from '../../shared/sync/model/command-effects.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { recordChanges } from '../sync/change-log.ts';
import { intakeActor } from './intake-actor.ts';

type Db = Kysely<ServerDatabase>;

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');
const requireLead = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Le chiavi di J2K sono gestite dai team leader e dagli amministratori.');
};
const toKey = (row: ServerDatabase['intake_keys']): IntakeKey => ({
  id: row.id,
  customerId: row.customer_id,
  label: row.label,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

/** A new key for one J2K installation of a customer: shown once, only its hash is kept. */
export const issueIntakeKey = async (db: Db, user: AuthenticatedUser, input: { customerId: string; label: string }, now: Date) => {
  requireLead(user);
  const customer = await db.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
  if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
  const key = `j2k_${randomBytes(32).toString('base64url')}`;
  const at = now.toISOString();
  const row = { id: newId(), customer_id: input.customerId, label: input.label, key_hash: hashKey(key), created_by: user.id, created_at: at, revoked_at: null, revoked_by: null, last_used_at: null };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('intake_keys').values(row).execute();
    await writeAudit(trx, user.id, { entity: 'intake_key', entityId: row.id, action: 'intake.keyIssued', before: null, after: { customerId: row.customer_id, label: row.label }, reason: 'Nuova installazione J2K' }, at);
  });
  return { ...toKey(row), key };
};

export const listIntakeKeys = async (db: Db, user: AuthenticatedUser, customerId: string): Promise<{ keys: IntakeKey[] }> => {
  requireLead(user);
  const rows = await db.selectFrom('intake_keys').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute();
  return { keys: rows.map(toKey) };
};

/** A revoked key opens nothing any more (audited); revoking twice is refused. */
export const revokeIntakeKey = async (db: Db, user: AuthenticatedUser, id: string, now: Date): Promise<IntakeKey> => {
  requireLead(user);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('intake_keys').set({ revoked_at: at, revoked_by: user.id }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (!updated) throw new AppFailure('conflict', 'Chiave inesistente o già revocata.');
    await writeAudit(trx, user.id, { entity: 'intake_key', entityId: id, action: 'intake.keyRevoked', before: { revokedAt: null }, after: { revokedAt: at }, reason: 'Chiave revocata' }, at);
    return toKey(updated);
  });
};

/** The customer a J2K key stands for; a missing, unknown or revoked key is refused in words. */
export const authenticateIntakeKey = async (db: Db, key: string | undefined): Promise<{ keyId: string; customerId: string }> => {
  if (!key || !/^j2k_[A-Za-z0-9_-]{43}$/.test(key)) throw new AppFailure('unauthorized', 'Chiave J2K mancante o non valida.');
  const row = await db.selectFrom('intake_keys').select(['id', 'customer_id', 'revoked_at']).where('key_hash', '=', hashKey(key)).executeTakeFirst();
  if (!row) throw new AppFailure('unauthorized', 'Chiave J2K mancante o non valida.');
  if (row.revoked_at !== null) throw new AppFailure('unauthorized', 'Chiave J2K revocata: chiedere una nuova chiave all’assistenza.');
  return { keyId: row.id, customerId: row.customer_id };
};

const j2kNumber = (now: Date, id: string) => `J-${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`;

/**
 * A request from J2K becomes a ticket of channel «J2K» through the same `ticket.create` command a
 * technician's intake uses, and reaches the consoles by sync. The request id makes it idempotent:
 * the same id from the same customer answers the ticket it already opened (also when two copies
 * race: the unique key decides, and the loser answers the winner's ticket).
 */
export const receiveJ2kRequest = async (
  db: Db,
  source: { keyId: string; customerId: string },
  request: J2kRequest,
  now: Date,
  policy: TimePolicy,
): Promise<{ ticketId: string; number: string; created: boolean }> => {
  const externalRef = `${source.customerId}:${request.requestId}`;
  const existing = () =>
    db.selectFrom('tickets').select(['id', 'number']).where('channel', '=', 'j2k').where('external_ref', '=', externalRef).executeTakeFirst();
  const known = await existing();
  if (known) return { ticketId: known.id, number: known.number, created: false };
  const id = newId();
  const parsed = parseCommand('ticket.create', {
    id,
    number: j2kNumber(now, id),
    customerId: source.customerId,
    channel: 'j2k',
    subject: request.subject,
    description: request.description,
    priority: request.priority,
    blocking: request.blocking,
    openedAt: now.toISOString(),
  });
  if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
  try {
    return await db.transaction().execute(async (trx) => {
      const refs = await executeCommand(trx, intakeActor, parsed.command, now, policy);
      await trx.updateTable('tickets').set({ external_ref: externalRef }).where('id', '=', id).execute();
      await trx.updateTable('intake_keys').set({ last_used_at: now.toISOString() }).where('id', '=', source.keyId).execute();
      await recordChanges(trx, refs, now);
      return { ticketId: id, number: j2kNumber(now, id), created: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await existing();
    if (!winner) throw error;
    return { ticketId: winner.id, number: winner.number, created: false };
  }
};
