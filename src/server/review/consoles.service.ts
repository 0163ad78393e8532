import type { Kysely } from 'kysely';
import { consoleListDays, type ConsoleSync } from '../../shared/review/consoles.ts';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import type { AuthenticatedUser } from '../auth/auth.service.ts';
import type { ServerDatabase } from '../db/server-schema.ts';

type Db = Kysely<ServerDatabase>;

/**
 * A console's first pull page of a sync says who it is and what it still holds. A console id
 * registered to someone else is left alone (its owner's record is theirs).
 */
export const recordConsolePresence = async (db: Db, user: AuthenticatedUser, presence: { clientId: string; pending: number }, now: Date): Promise<void> => {
  const at = now.toISOString();
  await db
    .insertInto('sync_clients')
    .values({ client_id: presence.clientId, user_id: user.id, last_mutation_id: 0, created_at: at, updated_at: at, last_pull_at: at, pending_commands: presence.pending })
    .onConflict((oc) =>
      oc
        .column('client_id')
        .doUpdateSet({ last_pull_at: at, pending_commands: presence.pending })
        .where('sync_clients.user_id', '=', user.id),
    )
    .execute();
};

/** Every console heard from in the last 30 days: whose, when last synced, what it still held. Team leads only. */
export const readConsoles = async (db: Db, user: AuthenticatedUser, now: Date): Promise<{ consoles: ConsoleSync[] }> => {
  if (!isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', 'Lo stato delle postazioni è riservato ai team leader.');
  const since = new Date(now.getTime() - consoleListDays * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('sync_clients')
    .innerJoin('users', 'users.id', 'sync_clients.user_id')
    .select(['sync_clients.client_id', 'sync_clients.updated_at', 'sync_clients.last_pull_at', 'sync_clients.pending_commands', 'users.display_name', 'users.role'])
    .where((eb) => eb.or([eb('sync_clients.updated_at', '>=', since), eb('sync_clients.last_pull_at', '>=', since)]))
    .execute();
  return {
    consoles: rows
      .map((row) => ({
        clientId: row.client_id,
        userName: row.display_name,
        role: row.role,
        lastSyncAt: row.last_pull_at && row.last_pull_at > row.updated_at ? row.last_pull_at : row.updated_at,
        pendingCommands: row.pending_commands,
      }))
      .sort((a, b) => a.userName.localeCompare(b.userName, 'it') || b.lastSyncAt.localeCompare(a.lastSyncAt)),
  };
};
