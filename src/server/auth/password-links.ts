import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppFailure } from '../../shared/result.ts';
import { passwordProblem } from '../../shared/password-rule.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { enqueueMail } from '../mail/mail-outbox.repository.ts';
import { hashPassword } from './password.ts';
import { hashToken, type AuthPolicy } from './auth.service.ts';
import { recordSignInAttempt } from './login-throttle.ts';

type Db = Kysely<ServerDatabase>;
type Account = 'staff' | 'customer';
type Purpose = 'welcome' | 'reset';

/** A reset link is valid an hour; a new colleague's welcome a week (like a portal invite). */
const validityMs: Record<Purpose, number> = { reset: 60 * 60_000, welcome: 7 * 24 * 3_600_000 };

/** Where a password link leads: the customer portal's page, which serves staff and customers alike. */
export const passwordLinkUrl = (publicUrl: string, token: string): string => `${publicUrl}/portal/#/password/${token}`;

/**
 * Makes a one-use link for an account: the token goes into the mail only; the database keeps its
 * hash. Older unused links of the account for the same purpose stop working.
 */
export const issuePasswordLink = async (trx: Db, input: { account: Account; accountId: string; purpose: Purpose; now: Date }): Promise<string> => {
  const token = randomBytes(32).toString('base64url');
  const at = input.now.toISOString();
  await trx
    .updateTable('password_links')
    .set({ used_at: at })
    .where('account', '=', input.account)
    .where('account_id', '=', input.accountId)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('password_links')
    .values({ token_hash: hashToken(token), account: input.account, account_id: input.accountId, purpose: input.purpose, created_at: at, expires_at: new Date(input.now.getTime() + validityMs[input.purpose]).toISOString(), used_at: null })
    .execute();
  return token;
};

/** The mail that carries a link (the outbox scrubs the link once it is sent: `withoutSecrets`). */
export const queuePasswordMail = async (
  trx: Db,
  input: { account: Account; purpose: Purpose; name: string; email: string; link: string; customerId: string | null; now: Date },
): Promise<void> => {
  const welcome = input.purpose === 'welcome';
  await enqueueMail(trx, {
    kind: 'text',
    ticketId: null,
    customerId: input.customerId,
    recipient: input.email,
    at: input.now.toISOString(),
    subject: welcome ? 'Il tuo account Presidio' : 'Nuova password',
    body: [
      `Ciao ${input.name},`,
      '',
      welcome
        ? 'è stato creato il tuo account per la console dell’assistenza Presidio. Per scegliere la password apri questo collegamento (valido 7 giorni, utilizzabile una volta):'
        : 'abbiamo ricevuto una richiesta di nuova password per il tuo account. Per sceglierla apri questo collegamento (valido 60 minuti, utilizzabile una volta):',
      input.link,
      '',
      welcome ? 'Poi accedi alla console con questo indirizzo e-mail.' : 'Se non l’hai chiesta tu, ignora questo messaggio: la password attuale resta valida.',
    ].join('\n'),
  });
};

/**
 * «Password dimenticata?» for staff or customers: the answer never says whether the address has an
 * account (the caller answers the same words either way), requests are throttled like sign-in per
 * address and per e-mail, and a link goes out only to an active account.
 */
export const requestPasswordReset = async (
  db: Db,
  input: { account: Account; email: string; address: string },
  policy: AuthPolicy,
  now: Date,
  publicUrl: string,
): Promise<void> => {
  const email = input.email.trim().toLowerCase();
  await recordSignInAttempt(db, { account: `reset-${input.account}:${email}`, address: `reset-address:${input.address}` }, policy, now);
  await db.transaction().execute(async (trx) => {
    if (input.account === 'staff') {
      const user = await trx.selectFrom('users').select(['id', 'display_name', 'disabled']).where('email', '=', email).executeTakeFirst();
      if (!user || user.disabled === 1) return;
      const token = await issuePasswordLink(trx, { account: 'staff', accountId: user.id, purpose: 'reset', now });
      await queuePasswordMail(trx, { account: 'staff', purpose: 'reset', name: user.display_name, email, link: passwordLinkUrl(publicUrl, token), customerId: null, now });
      return;
    }
    const contact = await trx.selectFrom('customer_contacts').select(['id', 'name', 'customer_id', 'disabled', 'activated_at']).where('email', '=', email).executeTakeFirst();
    if (!contact || contact.disabled === 1 || !contact.activated_at) return;
    const token = await issuePasswordLink(trx, { account: 'customer', accountId: contact.id, purpose: 'reset', now });
    await queuePasswordMail(trx, { account: 'customer', purpose: 'reset', name: contact.name, email, link: passwordLinkUrl(publicUrl, token), customerId: contact.customer_id, now });
  });
};

/**
 * The page behind a link sets the password: once, before it expires, for an account still active.
 * Every session of the account ends (a stolen session does not outlive a password change).
 */
export const setPasswordFromLink = async (db: Db, input: { token: string; password: string }, policy: AuthPolicy, now: Date): Promise<{ account: Account; email: string }> => {
  const at = now.toISOString();
  const link = await db.selectFrom('password_links').selectAll().where('token_hash', '=', hashToken(input.token)).executeTakeFirst();
  const invalid = () => new AppFailure('not_found', 'Il collegamento non è valido, è già stato usato o è scaduto: chiedine uno nuovo.');
  if (!link || link.used_at !== null || link.expires_at <= at) throw invalid();
  const account =
    link.account === 'staff'
      ? await db.selectFrom('users').select(['email', 'disabled']).where('id', '=', link.account_id).executeTakeFirst()
      : await db.selectFrom('customer_contacts').select(['email', 'disabled']).where('id', '=', link.account_id).executeTakeFirst();
  if (!account || account.disabled === 1) throw invalid();
  const problem = passwordProblem(input.password, { email: account.email });
  if (problem) throw new AppFailure('invalid_argument', problem);
  const passwordHash = await hashPassword(input.password, policy.passwordCost);
  await db.transaction().execute(async (trx) => {
    // One use, even when two pages submit at once: only one update finds it unused.
    const claimed = await trx.updateTable('password_links').set({ used_at: at }).where('token_hash', '=', link.token_hash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw invalid();
    if (link.account === 'staff') {
      await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', link.account_id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', link.account_id).execute();
    } else {
      await trx.updateTable('customer_contacts').set({ password_hash: passwordHash }).where('id', '=', link.account_id).execute();
      await trx.deleteFrom('portal_sessions').where('contact_id', '=', link.account_id).execute();
    }
  });
  return { account: link.account, email: account.email };
};
