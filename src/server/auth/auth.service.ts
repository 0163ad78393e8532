import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure } from '../../shared/result.ts';
import type { Actor } from '../../shared/sync/rules.ts';
import type { LoginResponse } from '../../shared/sync/protocol.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { recordChanges } from '../sync/change-log.ts';
import { recordSignInAttempt } from './login-throttle.ts';
import { hashPassword, recommendedPasswordCost, verifyPassword, type PasswordCost } from './password.ts';

export type AuthPolicy = {
  sessionDays: number;
  failureWindowMinutes: number;
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  passwordCost: PasswordCost;
};

export const defaultAuthPolicy: AuthPolicy = {
  sessionDays: 30,
  failureWindowMinutes: 15,
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
  passwordCost: recommendedPasswordCost,
};

export type AuthenticatedUser = Actor & { email: string; displayName: string };

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const invalidCredentials = () => new AppFailure('unauthorized', 'E-mail o password non corretti.');

// Verifying against a real hash when the user does not exist keeps both answers equally slow.
const dummyHashes = new Map<string, Promise<string>>();
export const dummyHash = (cost: PasswordCost) => {
  const key = `${cost.N}:${cost.r}:${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(key, hash);
  }
  return hash;
};

export const createUser = async (
  db: Kysely<ServerDatabase>,
  user: { id?: string; email: string; displayName: string; role: Actor['role']; password: string },
  policy: AuthPolicy = defaultAuthPolicy,
  now: Date = new Date(),
): Promise<string> => {
  const id = user.id ?? newId();
  const passwordHash = await hashPassword(user.password, policy.passwordCost);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email: user.email.trim().toLowerCase(),
        display_name: user.displayName,
        role: user.role,
        password_hash: passwordHash,
        disabled: 0,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    // Consoles learn colleagues' names (assignees) through the change log.
    await recordChanges(trx, [{ entity: 'user', id }], now);
  });
  return id;
};

export const login = async (
  db: Kysely<ServerDatabase>,
  input: { email: string; password: string; address: string },
  policy: AuthPolicy = defaultAuthPolicy,
  now: Date = new Date(),
): Promise<LoginResponse> => {
  const email = input.email.trim().toLowerCase();
  const attempt = await recordSignInAttempt(db, { account: `user:${email}`, address: `address:${input.address}` }, policy, now);

  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const valid = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await dummyHash(policy.passwordCost)).then(() => false);
  if (!user || !valid || user.disabled === 1) throw invalidCredentials();

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionDays * 86_400_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      address: input.address,
    })
    .execute();
  await attempt.succeeded();
  return {
    token,
    expiresAt,
    user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role },
  };
};

/** Said to a console whose account an admin disabled: it signs out and keeps nothing of theirs. */
export const accountDisabledDetails = { accountDisabled: true } as const;
const accountDisabled = () => new AppFailure('unauthorized', 'Account disattivato da un amministratore: la postazione esce dall’account.', accountDisabledDetails);

const readSession = (db: Kysely<ServerDatabase>, token: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'users.disabled', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.token_hash'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();

const expired = () => new AppFailure('unauthorized', 'Sessione scaduta o non valida: accedi di nuovo.');

export const authenticate = async (
  db: Kysely<ServerDatabase>,
  token: string | undefined,
  now: Date = new Date(),
): Promise<AuthenticatedUser> => {
  if (!token) throw new AppFailure('unauthorized', 'Accesso richiesto.');
  const row = await readSession(db, token);
  if (!row || row.expires_at <= now.toISOString()) throw expired();
  if (row.disabled === 1 || row.revoked_at) {
    // Anything but the one push of owed work ends the revoked session for good.
    await db.deleteFrom('sessions').where('token_hash', '=', row.token_hash).execute();
    if (row.disabled === 1) throw accountDisabled();
    throw expired();
  }
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role };
};

/**
 * A console's push: like `authenticate`, except that a session revoked when its account was
 * disabled may still deliver the commands made before that instant (`acceptIssuedBefore`), so
 * work done offline before the disabling is not lost; its next pull ends the session.
 */
export const authenticateForPush = async (
  db: Kysely<ServerDatabase>,
  token: string | undefined,
  now: Date = new Date(),
): Promise<{ user: AuthenticatedUser; acceptIssuedBefore: string | null }> => {
  if (!token) throw new AppFailure('unauthorized', 'Accesso richiesto.');
  const row = await readSession(db, token);
  if (row && row.expires_at > now.toISOString() && row.disabled === 1 && row.revoked_at) {
    return { user: { id: row.id, email: row.email, displayName: row.display_name, role: row.role }, acceptIssuedBefore: new Date(row.revoked_at).toISOString() };
  }
  return { user: await authenticate(db, token, now), acceptIssuedBefore: null };
};

export const logout = async (db: Kysely<ServerDatabase>, token: string): Promise<void> => {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
};
