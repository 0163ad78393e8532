import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../../shared/password-rule.ts';
import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { PortalContactView, PortalSession } from '../../shared/portal-api/portal-api.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import { dummyHash, hashToken, type AuthenticatedUser, type AuthPolicy } from '../auth/auth.service.ts';
import { recordSignInAttempt } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { writeAudit } from '../review/audit.repository.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from '../mail/mail-outbox.repository.ts';

type Db = Kysely<ServerDatabase>;

/** A customer's session lasts a working week; the invite a week too. */
const portalSessionMs = 7 * 24 * 3_600_000;
const inviteValidityMs = 7 * 24 * 3_600_000;

export type PortalContact = { contactId: string; customerId: string; name: string; email: string; customerCode: string; customerName: string; csrfToken: string };

/**
 * A team lead or admin invites a customer's contact: a one-use link (valid a week) to set a
 * password, by e-mail through the outbox. Inviting again an address not yet activated sends a new
 * link (the old one stops working); an address already in use is refused.
 */
export const inviteContact = async (
  db: Db,
  user: AuthenticatedUser,
  input: { customerId: string; email: string; name: string },
  settings: { publicUrl: string },
  now: Date,
): Promise<{ contactId: string }> => {
  requireLead(user);
  const email = input.email.trim().toLowerCase();
  const token = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').select(['id', 'name']).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
    const existing = await trx.selectFrom('customer_contacts').selectAll().where('email', '=', email).executeTakeFirst();
    if (existing && (existing.activated_at !== null || existing.customer_id !== input.customerId))
      throw new AppFailure('conflict', 'Questo indirizzo ha già un accesso al portale.');
    const invite = { invite_hash: hashToken(token), invite_expires_at: new Date(now.getTime() + inviteValidityMs).toISOString() };
    const contactId = existing?.id ?? newId();
    if (existing) await trx.updateTable('customer_contacts').set({ ...invite, name: input.name }).where('id', '=', contactId).execute();
    else
      await trx
        .insertInto('customer_contacts')
        .values({ id: contactId, customer_id: input.customerId, email, name: input.name, password_hash: null, ...invite, invited_by: user.id, created_at: at, activated_at: null, disabled: 0 })
        .execute();
    const link = `${settings.publicUrl}/portal/#/invito/${token}`;
    await enqueueMail(trx, {
      kind: 'text',
      ticketId: null,
      customerId: input.customerId,
      recipient: email,
      subject: 'Il suo accesso al portale assistenza',
      body: [
        `Gentile ${input.name},`,
        '',
        `${customer.name} ha ora un accesso al portale dell’assistenza: lo stato delle richieste, le ore residue, i rendiconti mensili e l’acquisto di pacchetti di ore.`,
        '',
        `Per scegliere la password apra questo collegamento (valido 7 giorni, utilizzabile una volta): ${link}`,
      ].join('\n'),
      at,
    });
    await writeAudit(trx, user.id, { entity: 'customer_contact', entityId: contactId, action: 'portal.invite', before: null, after: { customerId: input.customerId, email }, reason: 'Invito al portale' }, at);
    return { contactId };
  });
};

/** The contact sets a password from the invite link: once, before it expires. */
export const acceptInvite = async (db: Db, input: { token: string; password: string }, policy: AuthPolicy, now: Date): Promise<{ email: string }> => {
  const row = await db.selectFrom('customer_contacts').select(['id', 'email', 'invite_expires_at']).where('invite_hash', '=', hashToken(input.token)).executeTakeFirst();
  if (!row || !row.invite_expires_at || row.invite_expires_at <= now.toISOString())
    throw new AppFailure('not_found', 'Invito non valido o scaduto: chieda all’assistenza un nuovo invito.');
  const problem = passwordProblem(input.password, { email: row.email });
  if (problem) throw new AppFailure('invalid_argument', problem);
  const passwordHash = await hashPassword(input.password, policy.passwordCost);
  const updated = await db
    .updateTable('customer_contacts')
    .set({ password_hash: passwordHash, activated_at: now.toISOString(), invite_hash: null, invite_expires_at: null })
    .where('id', '=', row.id)
    .where('invite_hash', '=', hashToken(input.token))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppFailure('not_found', 'Invito già utilizzato.');
  return { email: row.email };
};

/** Sign-in for customers, throttled like the staff's (per account and per address), on separate keys. */
export const portalLogin = async (
  db: Db,
  input: { email: string; password: string; address: string },
  policy: AuthPolicy,
  now: Date,
): Promise<{ token: string; expiresAt: string }> => {
  const email = input.email.trim().toLowerCase();
  const attempt = await recordSignInAttempt(db, { account: `contact:${email}`, address: `portal-address:${input.address}` }, policy, now);
  const contact = await db.selectFrom('customer_contacts').select(['id', 'password_hash', 'disabled']).where('email', '=', email).executeTakeFirst();
  const valid = contact?.password_hash
    ? await verifyPassword(input.password, contact.password_hash)
    : await verifyPassword(input.password, await dummyHash(policy.passwordCost)).then(() => false);
  if (!contact || !valid || contact.disabled === 1) throw new AppFailure('unauthorized', 'E-mail o password non corretti.');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + portalSessionMs).toISOString();
  await db
    .insertInto('portal_sessions')
    .values({ token_hash: hashToken(token), contact_id: contact.id, csrf_token: randomBytes(24).toString('base64url'), created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  await attempt.succeeded();
  return { token, expiresAt };
};

/** The contact behind a session cookie, with their customer: every portal route is scoped by it. */
export const authenticateContact = async (db: Db, token: string | undefined, now: Date): Promise<PortalContact> => {
  if (!token) throw new AppFailure('unauthorized', 'Accesso richiesto.');
  const row = await db
    .selectFrom('portal_sessions')
    .innerJoin('customer_contacts', 'customer_contacts.id', 'portal_sessions.contact_id')
    .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
    .select([
      'portal_sessions.expires_at',
      'portal_sessions.csrf_token',
      'customer_contacts.id',
      'customer_contacts.customer_id',
      'customer_contacts.name',
      'customer_contacts.email',
      'customer_contacts.disabled',
      'customers.code',
      'customers.name as customer_name',
    ])
    .where('portal_sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString() || row.disabled === 1) throw new AppFailure('unauthorized', 'Sessione scaduta: acceda di nuovo.');
  return { contactId: row.id, customerId: row.customer_id, name: row.name, email: row.email, customerCode: row.code, customerName: row.customer_name, csrfToken: row.csrf_token };
};

export const portalLogout = async (db: Db, token: string): Promise<void> => {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', hashToken(token)).execute();
};

export const sessionView = async (db: Db, contact: PortalContact): Promise<PortalSession> => {
  // An account manager whose account was disabled is no one to write to.
  const manager = await db
    .selectFrom('customers')
    .innerJoin('users', 'users.id', 'customers.account_manager_id')
    .select(['users.display_name', 'users.email'])
    .where('customers.id', '=', contact.customerId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return {
    contact: { id: contact.contactId, name: contact.name, email: contact.email },
    customer: { code: contact.customerCode, name: contact.customerName },
    accountManager: manager ? { name: manager.display_name, email: manager.email } : null,
    csrfToken: contact.csrfToken,
  };
};

const requireLead = (user: AuthenticatedUser) => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Gli accessi al portale sono gestiti dai team leader e dagli amministratori.');
};

/** Who of a customer can reach the portal: invited, active, or disabled. */
export const listContacts = async (db: Db, user: AuthenticatedUser, customerId: string): Promise<{ contacts: PortalContactView[] }> => {
  requireLead(user);
  const rows = await db.selectFrom('customer_contacts').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute();
  return {
    contacts: rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      status: row.disabled === 1 ? 'disabled' : row.activated_at ? 'active' : 'invited',
      invitedAt: row.created_at,
      activatedAt: row.activated_at,
    })),
  };
};

/** Takes a contact's access away at once: no sign-in, no pending invite, every open session ended (audited). */
export const disableContact = async (db: Db, user: AuthenticatedUser, contactId: string, now: Date): Promise<{ disabled: true }> => {
  requireLead(user);
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('customer_contacts')
      .set({ disabled: 1, invite_hash: null, invite_expires_at: null })
      .where('id', '=', contactId)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppFailure('conflict', 'Accesso inesistente o già disattivato.');
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', contactId).execute();
    await writeAudit(trx, user.id, { entity: 'customer_contact', entityId: contactId, action: 'portal.disable', before: { disabled: false }, after: { disabled: true }, reason: 'Accesso al portale disattivato' }, now.toISOString());
  });
  return { disabled: true };
};
