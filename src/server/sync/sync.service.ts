import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure, type ErrorCode } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import type { CommandResult, PullResponse, PushRequest, PushResponse } from '../../shared/sync/protocol.ts';
import type { Actor } from '../../shared/sync/rules.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { recordChanges } from './change-log.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { defaultTimePolicy, type TimePolicy } from '../../shared/sync/model/command-effects.ts';

type Db = Kysely<ServerDatabase>;
type Trx = Transaction<ServerDatabase>;
export type SyncLogger = {
  warn: (details: Record<string, unknown>, message: string) => void;
  error: (details: Record<string, unknown>, message: string) => void;
};

const gapToFailure = (error: unknown): never => {
  if (error instanceof Gap) {
    throw new AppFailure('gap', `Comandi mancanti: il server ha ricevuto fino al ${error.lastMutationId}.`, { lastMutationId: error.lastMutationId });
  }
  throw error;
};

const dbErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;

/** Deadlocks and serialization failures are the database asking us to try again. */
const isRetryable = (error: unknown): boolean => ['40001', '40P01', 'SQLITE_BUSY'].includes(dbErrorCode(error) ?? '');

/** A constraint the checks could not see coming (two consoles racing) is a rejection, not a crash. */
const constraintRejection = (error: unknown): AppFailure | null => {
  const code = dbErrorCode(error) ?? '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppFailure('conflict', 'Il dato è già stato registrato da un’altra postazione.');
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppFailure('not_found', 'Il comando fa riferimento a un dato che non esiste sul server.');
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_TRIGGER') {
    return new AppFailure('invalid_argument', 'Il comando contiene valori non ammessi.');
  }
  return null;
};

const withRetry = async <T>(run: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryable(error) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
};

class Gap extends Error {
  readonly lastMutationId: number;
  constructor(lastMutationId: number) {
    super('gap');
    this.lastMutationId = lastMutationId;
  }
}

/**
 * Claims the next mutation id of the client inside the transaction: succeeds only if it is
 * exactly last + 1. A replay finds its stored result; anything further ahead is a gap.
 */
const claimMutation = async (trx: Trx, clientId: string, mutationId: number, now: Date): Promise<CommandResult | null> => {
  const claimed = await trx
    .updateTable('sync_clients')
    .set({ last_mutation_id: mutationId, updated_at: now.toISOString() })
    .where('client_id', '=', clientId)
    .where('last_mutation_id', '=', mutationId - 1)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 1) return null;
  const stored = await trx
    .selectFrom('sync_results')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('mutation_id', '=', mutationId)
    .executeTakeFirst();
  if (stored) {
    return stored.status === 'applied'
      ? { mutationId, status: 'applied' }
      : { mutationId, status: 'rejected', error: { code: (stored.error_code ?? 'invalid_argument') as ErrorCode, message: stored.error_message ?? '' } };
  }
  const client = await trx.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
  throw new Gap(Number(client.last_mutation_id));
};

const storeResult = (trx: Trx, clientId: string, result: CommandResult) =>
  trx
    .insertInto('sync_results')
    .values({
      client_id: clientId,
      mutation_id: result.mutationId,
      status: result.status,
      error_code: result.error?.code ?? null,
      error_message: result.error?.message ?? null,
    })
    .execute();

const registerClient = async (db: Db, actor: Actor, clientId: string, now: Date) => {
  await db
    .insertInto('sync_clients')
    .values({ client_id: clientId, user_id: actor.id, last_mutation_id: 0, created_at: now.toISOString(), updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  const client = await db.selectFrom('sync_clients').select('user_id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
  if (client.user_id !== actor.id) throw new AppFailure('forbidden', 'Questa postazione è registrata per un altro utente: accedi di nuovo.');
};

/**
 * Applies pushed commands in order, each in its own transaction together with the client's
 * last mutation id, so a replayed push applies nothing twice and answers the same. A rejected
 * command consumes its id and is answered with a reason; later commands still go through.
 */
export const push = async (
  db: Db,
  actor: Actor,
  request: PushRequest,
  log: SyncLogger,
  clock: () => Date = () => new Date(),
  policy: TimePolicy = defaultTimePolicy,
): Promise<PushResponse> => {
  await registerClient(db, actor, request.clientId, clock());
  const results: CommandResult[] = [];
  let serverError: PushResponse['serverError'];
  for (const pushed of request.commands) {
    if (pushed.abandoned) {
      const abandoned = await withRetry(() =>
        db.transaction().execute(async (trx) => {
          const replay = await claimMutation(trx, request.clientId, pushed.mutationId, clock());
          if (replay) return replay;
          const rejected: CommandResult = {
            mutationId: pushed.mutationId,
            status: 'rejected',
            error: { code: 'internal', message: 'Errore del server: il comando non è stato applicato dopo ripetuti tentativi. Riprova più tardi o scartalo.' },
          };
          await storeResult(trx, request.clientId, rejected);
          return rejected;
        }),
      ).catch(gapToFailure);
      results.push(abandoned);
      continue;
    }
    const parsed = parseCommand(pushed.name, pushed.args);
    const result = await withRetry(async () => {
      try {
        return await db.transaction().execute(async (trx) => {
          const now = clock();
          const replay = await claimMutation(trx, request.clientId, pushed.mutationId, now);
          if (replay) return replay;
          if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
          const refs = await executeCommand(trx, actor, parsed.command, now, policy);
          const applied: CommandResult = { mutationId: pushed.mutationId, status: 'applied' };
          await storeResult(trx, request.clientId, applied);
          await recordChanges(trx, refs, now);
          return applied;
        });
      } catch (error) {
        const failure = error instanceof AppFailure ? error : constraintRejection(error);
        if (!failure) throw error;
        const suspicious = !parsed.ok || failure.code === 'forbidden';
        if (suspicious) {
          log.warn({ userId: actor.id, clientId: request.clientId, command: pushed.name, code: failure.code }, failure.message);
        }
        // The command's effects rolled back; record the rejection on its own so the id is consumed.
        return db.transaction().execute(async (trx) => {
          const replay = await claimMutation(trx, request.clientId, pushed.mutationId, clock());
          if (replay) return replay;
          const rejected: CommandResult = {
            mutationId: pushed.mutationId,
            status: 'rejected',
            error: { code: failure.code, message: failure.message },
          };
          await storeResult(trx, request.clientId, rejected);
          // Attempts to touch others' work or to smuggle fields are kept for the team lead to see.
          if (suspicious) {
            await trx
              .insertInto('audit_log')
              .values({
                id: newId(),
                actor_id: actor.id,
                entity: 'command',
                entity_id: `${request.clientId}:${pushed.mutationId}`,
                action: 'security.rejected',
                before_json: null,
                after_json: JSON.stringify({ name: pushed.name, args: pushed.args }).slice(0, 4000),
                reason: failure.message,
                created_at: clock().toISOString(),
              })
              .execute();
          }
          return rejected;
        });
      }
    })
      .catch(gapToFailure)
      .catch((error: unknown) => {
        if (error instanceof AppFailure) throw error;
        // A fault, not a verdict (a dependency down, a bug): the id stays unused, the console retries
        // with backoff and, after a few attempts, abandons this one command so the rest can go.
        log.error({ err: error, userId: actor.id, clientId: request.clientId, command: pushed.name, mutationId: pushed.mutationId }, 'comando non applicato per un errore del server');
        serverError = { mutationId: pushed.mutationId, message: 'Errore interno del server: il comando sarà riprovato.' };
        return null;
      });
    if (result === null) break;
    results.push(result);
  }
  const client = await db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', request.clientId).executeTakeFirstOrThrow();
  return { lastMutationId: Number(client.last_mutation_id), results, ...(serverError ? { serverError } : {}), serverTime: clock().toISOString() };
};

export const pull = async (db: Db, cursor: number, limit: number, clock: () => Date = () => new Date()): Promise<PullResponse> => {
  const rows = await db
    .selectFrom('sync_changes')
    .selectAll()
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    changes: page.map((row) => ({
      seq: Number(row.seq),
      entity: row.entity,
      id: row.entity_id,
      op: row.op,
      data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    })),
    cursor: page.length > 0 ? Number(page[page.length - 1]?.seq) : cursor,
    hasMore: rows.length > limit,
    serverTime: clock().toISOString(),
  };
};
