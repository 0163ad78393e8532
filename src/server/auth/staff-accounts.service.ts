import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import { roleLabels, type StaffAccount, type changeRoleRequestSchema, type createStaffRequestSchema, type setDisabledRequestSchema } from '../../shared/accounts/staff-accounts.ts';
import { assertAdmin, type Actor } from '../../shared/sync/rules.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { writeAudit } from '../review/audit.repository.ts';
import { recordChanges } from '../sync/change-log.ts';
import type { AuthPolicy } from './auth.service.ts';
import { hashPassword } from './password.ts';
import { issuePasswordLink, passwordLinkUrl, queuePasswordMail } from './password-links.ts';

type Db = Kysely<ServerDatabase>;

/** Every staff account with what an admin needs to see: status, last sign-in. */
export const listStaffAccounts = async (db: Db, actor: Actor, now: Date): Promise<{ accounts: StaffAccount[] }> => {
  assertAdmin(actor, 'gestire gli utenti');
  const [users, lastSignIns, pendingWelcomes] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'disabled', 'disabled_at', 'created_at']).orderBy('display_name').execute(),
    db.selectFrom('sessions').select(['user_id', (eb) => eb.fn.max('created_at').as('last')]).groupBy('user_id').execute(),
    db.selectFrom('password_links').select('account_id').where('account', '=', 'staff').where('purpose', '=', 'welcome').where('used_at', 'is', null).where('expires_at', '>', now.toISOString()).execute(),
  ]);
  const lastByUser = new Map(lastSignIns.map((row) => [row.user_id, row.last === null ? null : new Date(String(row.last)).toISOString()]));
  const invited = new Set(pendingWelcomes.map((row) => row.account_id));
  return {
    accounts: users.map((user) => ({
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      status: user.disabled === 1 ? 'disabled' : invited.has(user.id) && !lastByUser.has(user.id) ? 'invited' : 'active',
      createdAt: user.created_at,
      disabledAt: user.disabled_at ?? null,
      lastSignInAt: lastByUser.get(user.id) ?? null,
    })),
  };
};

/** The desk keeps at least one active admin: nobody could manage accounts otherwise. */
const assertAnotherActiveAdmin = async (db: Db, userId: string, what: string) => {
  const others = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).where('id', '!=', userId).limit(1).execute();
  if (others.length === 0) throw new AppFailure('conflict', `È l’ultimo amministratore attivo: non si può ${what}. Nomina prima un altro amministratore.`);
};

const requireUser = async (db: Db, id: string) => {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw new AppFailure('not_found', 'Utente non trovato.');
  return user;
};

/**
 * A new colleague: the account exists at once (consoles learn the name), with no usable password
 * until they choose one from the link mailed to them (valid 7 days, one use). Audited.
 */
export const createStaffAccount = async (
  db: Db,
  actor: Actor,
  input: z.output<typeof createStaffRequestSchema>,
  context: { now: Date; policy: AuthPolicy; publicUrl: string },
): Promise<{ id: string }> => {
  assertAdmin(actor, 'creare gli utenti');
  const email = input.email.trim().toLowerCase();
  const id = newId();
  const at = context.now.toISOString();
  // A long random secret nobody knows: the account signs in only after choosing a password.
  const unusable = await hashPassword(randomBytes(32).toString('base64url'), context.policy.passwordCost);
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppFailure('conflict', `Esiste già un utente con l’indirizzo ${email}.`);
    await trx.insertInto('users').values({ id, email, display_name: input.displayName, role: input.role, password_hash: unusable, disabled: 0, disabled_at: null, created_at: at, updated_at: at }).execute();
    const token = await issuePasswordLink(trx, { account: 'staff', accountId: id, purpose: 'welcome', now: context.now });
    await queuePasswordMail(trx, { account: 'staff', purpose: 'welcome', name: input.displayName, email, link: passwordLinkUrl(context.publicUrl, token), customerId: null, now: context.now });
    await writeAudit(trx, actor.id, { entity: 'user', entityId: id, action: 'user.create', before: null, after: { email, displayName: input.displayName, role: input.role }, reason: 'Nuovo utente' }, at);
    await recordChanges(trx, [{ entity: 'user', id }], context.now);
  });
  return { id };
};

/** A new role, with a reason; the last active admin keeps theirs. Audited; consoles learn it. */
export const changeStaffRole = async (db: Db, actor: Actor, input: z.output<typeof changeRoleRequestSchema>, now: Date): Promise<StaffAccountChange> => {
  assertAdmin(actor, 'cambiare il ruolo degli utenti');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, input.id);
    if (user.role === input.role) return { id: user.id, changed: false };
    if (user.role === 'admin' && user.disabled === 0) await assertAnotherActiveAdmin(trx, user.id, 'togliergli il ruolo di amministratore');
    await trx.updateTable('users').set({ role: input.role, updated_at: at }).where('id', '=', user.id).execute();
    await writeAudit(trx, actor.id, { entity: 'user', entityId: user.id, action: 'user.role', before: { role: user.role }, after: { role: input.role, label: roleLabels[input.role] }, reason: input.reason }, at);
    await recordChanges(trx, [{ entity: 'user', id: user.id }], now);
    return { id: user.id, changed: true };
  });
};
export type StaffAccountChange = { id: string; changed: boolean };

/**
 * Disables someone who left (every session revoked at once: the next sync of their console signs
 * it out, delivering first what it owed from before this instant) or enables them again. Audited.
 */
export const setStaffDisabled = async (db: Db, actor: Actor, input: z.output<typeof setDisabledRequestSchema>, now: Date): Promise<StaffAccountChange> => {
  assertAdmin(actor, 'disattivare o riattivare gli utenti');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, input.id);
    if ((user.disabled === 1) === input.disabled) return { id: user.id, changed: false };
    if (input.disabled) {
      if (user.id === actor.id) throw new AppFailure('conflict', 'Non puoi disattivare il tuo stesso account.');
      if (user.role === 'admin') await assertAnotherActiveAdmin(trx, user.id, 'disattivarlo');
      await trx.updateTable('users').set({ disabled: 1, disabled_at: at, updated_at: at }).where('id', '=', user.id).execute();
      await trx.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
      // Links not yet used stop working too.
      await trx.updateTable('password_links').set({ used_at: at }).where('account', '=', 'staff').where('account_id', '=', user.id).where('used_at', 'is', null).execute();
    } else {
      await trx.updateTable('users').set({ disabled: 0, disabled_at: null, updated_at: at }).where('id', '=', user.id).execute();
      // Sessions revoked at the disabling never come back: the colleague signs in again.
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    }
    await writeAudit(
      trx,
      actor.id,
      { entity: 'user', entityId: user.id, action: input.disabled ? 'user.disable' : 'user.enable', before: { disabled: user.disabled === 1 }, after: { disabled: input.disabled }, reason: input.reason },
      at,
    );
    return { id: user.id, changed: true };
  });
};

/** Mails a reset link (60 minutes, one use) to an active colleague, on an admin's request. Audited. */
export const sendStaffReset = async (db: Db, actor: Actor, id: string, context: { now: Date; publicUrl: string }): Promise<{ sent: true }> => {
  assertAdmin(actor, 'inviare i link per la password');
  const at = context.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, id);
    if (user.disabled === 1) throw new AppFailure('conflict', 'L’account è disattivato: riattivalo prima di inviare il link.');
    const token = await issuePasswordLink(trx, { account: 'staff', accountId: user.id, purpose: 'reset', now: context.now });
    await queuePasswordMail(trx, { account: 'staff', purpose: 'reset', name: user.display_name, email: user.email, link: passwordLinkUrl(context.publicUrl, token), customerId: null, now: context.now });
    await writeAudit(trx, actor.id, { entity: 'user', entityId: user.id, action: 'user.sendReset', before: null, after: null, reason: 'Link per una nuova password inviato da un amministratore' }, at);
  });
  return { sent: true };
};
