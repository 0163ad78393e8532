import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { newId } from '../../../shared/ids.ts';
import { AppFailure } from '../../../shared/result.ts';
import { roleSchema } from '../../../shared/sync/entities.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { readSetting, writeSetting } from '../settings/settings.repository.ts';
import { createApiClient, Offline, type ApiClient, type Fetch } from './api-client.ts';
import { checkApiUrl } from './api-url.ts';
import { outboxCounts } from './outbox.repository.ts';
import { clearReplica, countRunningInterventions } from './replica.repository.ts';

/**
 * Who is signed in on this console and with which API: the session kept in the local database
 * (who and where, never the token: that is in the secret store), this console's identity for the
 * server (the replica's client id, mutation base, cursor), signing in and out.
 */
export const sessionSchema = z.object({
  serverUrl: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: roleSchema }),
});
export type Session = z.infer<typeof sessionSchema>;
export const tokenSecret = 'api.sessionToken';

export const replicaSchema = z.object({
  clientId: z.string(),
  userId: z.string(),
  mutationBase: z.int(),
  cursor: z.int(),
  lastSyncedAt: z.string().nullable(),
});
export type Replica = z.infer<typeof replicaSchema>;

type Db = BetterSqlite3.Database;

export const readSession = (sqlite: Db): Session | null => readSetting(sqlite, 'sync.session', sessionSchema);
export const readReplica = (sqlite: Db): Replica | null => readSetting(sqlite, 'sync.replica', replicaSchema);
export const saveReplica = (sqlite: Db, value: Replica): void => writeSetting(sqlite, 'sync.replica', value);

/** The API client of the signed-in session; refused in words without a session or a token. */
export const sessionClient = (sqlite: Db, secrets: SecretStore, fetch?: Fetch) => (): ApiClient => {
  const current = readSession(sqlite);
  if (!current) throw new AppFailure('unauthorized', 'Accedi all’API centrale per sincronizzare.');
  const token = secrets.get(tokenSecret);
  if (!token) throw new AppFailure('unauthorized', 'Sessione scaduta: accedi di nuovo per sincronizzare.');
  return createApiClient({ baseUrl: current.serverUrl, token, ...(fetch ? { fetch } : {}) });
};

/**
 * Signs in on the API and keeps the session. Refused while another user's work is still owed here
 * (only its author can send, retry or discard it); another user's cache is emptied, and a new
 * identity for the server is made for them.
 */
export const signIn = async (sqlite: Db, secrets: SecretStore, input: { serverUrl: string; email: string; password: string; fetch?: Fetch | undefined }): Promise<void> => {
  const checked = checkApiUrl(input.serverUrl);
  if (!checked.ok) throw new AppFailure('invalid_argument', checked.message);
  let answer;
  try {
    answer = await createApiClient({ baseUrl: checked.origin, ...(input.fetch ? { fetch: input.fetch } : {}) }).login(input.email, input.password);
  } catch (error) {
    if (error instanceof Offline) throw new AppFailure('unavailable', 'API centrale non raggiungibile: controlla l’indirizzo e la rete.');
    throw error;
  }
  const previous = readReplica(sqlite);
  const owed = outboxCounts(sqlite);
  if (previous && previous.userId !== answer.user.id && owed.pending + owed.rejected > 0) {
    throw new AppFailure('conflict', 'Ci sono attività di un altro utente non ancora sincronizzate su questa postazione: deve accedere lui per inviarle.');
  }
  const newIdentity = !previous || previous.userId !== answer.user.id;
  // Another user's cache is not ours to read: start from an empty replica and pull afresh.
  if (previous && newIdentity) clearReplica(sqlite);
  secrets.set(tokenSecret, answer.token);
  writeTransaction(sqlite, () => {
    writeSetting(sqlite, 'sync.serverUrl', checked.origin);
    writeSetting(sqlite, 'sync.session', { serverUrl: checked.origin, expiresAt: answer.expiresAt, user: answer.user } satisfies Session);
    if (newIdentity) {
      // A new identity for the server: mutation ids restart at 1 after the outbox's last id.
      const last = sqlite.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get();
      saveReplica(sqlite, { clientId: newId(), userId: answer.user.id, mutationBase: last?.seq ?? 0, cursor: 0, lastSyncedAt: null });
    }
  });
};

/**
 * Leaves the workstation clean for the next user: refused while anything of this user's is still
 * owed (unsent or refused commands) or a timer is running; otherwise the server session ends, the
 * token is forgotten and the local replica emptied.
 */
export const signOut = async (sqlite: Db, secrets: SecretStore, client: () => ApiClient): Promise<void> => {
  const owed = outboxCounts(sqlite);
  if (owed.pending > 0) throw new AppFailure('conflict', 'Ci sono attività non ancora sincronizzate: sincronizza prima di uscire.');
  if (owed.rejected > 0) throw new AppFailure('conflict', 'Ci sono comandi rifiutati dal server: riprovali o scartali prima di uscire.');
  const me = readSession(sqlite);
  if (me && countRunningInterventions(sqlite, me.user.id) > 0) {
    throw new AppFailure('conflict', 'Hai un intervento in corso: mettilo in pausa o concludilo prima di uscire.');
  }
  try {
    await client().logout();
  } catch {
    // Offline logout still forgets the token locally; the server session expires on its own.
  }
  secrets.set(tokenSecret, null);
  writeTransaction(sqlite, () => {
    writeSetting(sqlite, 'sync.session', null);
    writeSetting(sqlite, 'sync.replica', null);
  });
  clearReplica(sqlite);
};

/** «Password dimenticata?» from the sign-in form: the API mails a link (or says the same words when there is no account). */
export const requestPasswordReset = async (input: { serverUrl: string; email: string; fetch?: Fetch | undefined }): Promise<{ message: string }> => {
  const checked = checkApiUrl(input.serverUrl);
  if (!checked.ok) throw new AppFailure('invalid_argument', checked.message);
  try {
    return await createApiClient({ baseUrl: checked.origin, ...(input.fetch ? { fetch: input.fetch } : {}) }).forgotPassword(input.email);
  } catch (error) {
    if (error instanceof Offline) throw new AppFailure('unavailable', 'API centrale non raggiungibile: controlla l’indirizzo e la rete.');
    throw error;
  }
};

/** The API's words for an account an admin disabled (`details.accountDisabled`). */
export const isAccountDisabled = (details: unknown): boolean =>
  typeof details === 'object' && details !== null && 'accountDisabled' in details && details.accountDisabled === true;

/**
 * An admin disabled the signed-in account: the console signs out and keeps nothing of theirs. The
 * push before the pull that said so delivered what they made before the disabling; anything the
 * API refused then (made after it) goes with the rest.
 */
export const endDisabledAccount = (sqlite: Db, secrets: SecretStore): void => {
  secrets.set(tokenSecret, null);
  writeTransaction(sqlite, () => {
    writeSetting(sqlite, 'sync.session', null);
    writeSetting(sqlite, 'sync.replica', null);
  });
  clearReplica(sqlite);
};

/** Consoles before the secret store kept the token in the session setting: move it out once. */
export const moveLegacyTokenToSecrets = (sqlite: Db, secrets: SecretStore): void => {
  const legacy = readSetting(sqlite, 'sync.session', sessionSchema.extend({ token: z.string() }));
  if (!legacy) return;
  secrets.set(tokenSecret, legacy.token);
  const { token: _token, ...withoutToken } = legacy;
  writeSetting(sqlite, 'sync.session', withoutToken);
};
