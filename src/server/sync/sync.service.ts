import { sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure, type ErrorCode } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import type { CommandResult, PushRequest, PushResponse } from '../../shared/sync/protocol.ts';
import type { Actor } from '../../shared/sync/rules.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { recordChanges, type ChangeRef } from './change-log.ts';
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

const abandonedMessage = 'Errore del server: il comando non è stato applicato dopo ripetuti tentativi. Riprova più tardi o scartalo.';

/** Raised inside a batch when a command hits a fault (not a verdict): the batch stops there, what came before commits. */
class CommandFault extends Error {
  readonly mutationId: number;
  constructor(mutationId: number, cause: unknown) {
    super('fault', { cause });
    this.mutationId = mutationId;
  }
}

/**
 * Applies pushed commands in order, all in one transaction with a savepoint per command: each
 * command claims its mutation id together with its effects (a replayed push applies nothing twice
 * and answers the same), a rejected command rolls back to its savepoint, then uses up its id with
 * its reason, and later commands still go through. The change log is written once, as the batch's
 * last write, so sequence numbers still become visible in commit order. A fault on one command
 * (a dependency down, a bug) stops the batch there: the commands before it commit, the answer
 * names the failing one, and its id stays unused for the console to retry.
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
  const parsedCommands = request.commands.map((pushed) => ({ pushed, parsed: parseCommand(pushed.name, pushed.args) }));
  const suspicious: Array<{ name: string; code: string; message: string }> = [];
  const outcome = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const results: CommandResult[] = [];
      const refs: ChangeRef[] = [];
      let fault: CommandFault | null = null;
      for (const { pushed, parsed } of parsedCommands) {
        const now = clock();
        await sql`SAVEPOINT command`.execute(trx);
        try {
          const replay = await claimMutation(trx, request.clientId, pushed.mutationId, now);
          if (replay) {
            results.push(replay);
          } else if (pushed.abandoned) {
            const rejected: CommandResult = { mutationId: pushed.mutationId, status: 'rejected', error: { code: 'internal', message: abandonedMessage } };
            await storeResult(trx, request.clientId, rejected);
            results.push(rejected);
          } else {
            if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
            const commandRefs = await executeCommand(trx, actor, parsed.command, now, policy);
            const applied: CommandResult = { mutationId: pushed.mutationId, status: 'applied' };
            await storeResult(trx, request.clientId, applied);
            refs.push(...commandRefs);
            results.push(applied);
          }
          await sql`RELEASE SAVEPOINT command`.execute(trx);
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT command`.execute(trx);
          await sql`RELEASE SAVEPOINT command`.execute(trx);
          if (error instanceof Gap || isRetryable(error)) throw error;
          const failure = error instanceof AppFailure ? error : constraintRejection(error);
          if (!failure) {
            fault = new CommandFault(pushed.mutationId, error);
            break;
          }
          // The command's effects are gone; its id is used up by the rejection, with its reason.
          await claimMutation(trx, request.clientId, pushed.mutationId, now);
          const rejected: CommandResult = { mutationId: pushed.mutationId, status: 'rejected', error: { code: failure.code, message: failure.message } };
          await storeResult(trx, request.clientId, rejected);
          results.push(rejected);
          // Attempts to touch others' work or to smuggle fields are kept for the team lead to see.
          if (!parsed.ok || failure.code === 'forbidden') {
            suspicious.push({ name: pushed.name, code: failure.code, message: failure.message });
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
                created_at: now.toISOString(),
              })
              .execute();
          }
        }
      }
      await recordChanges(trx, refs, clock());
      const client = await trx.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', request.clientId).executeTakeFirstOrThrow();
      return { results, fault, lastMutationId: Number(client.last_mutation_id) };
    }),
  ).catch(gapToFailure);
  for (const item of suspicious) log.warn({ userId: actor.id, clientId: request.clientId, command: item.name, code: item.code }, item.message);
  const { fault } = outcome;
  if (fault) {
    log.error({ err: fault.cause, userId: actor.id, clientId: request.clientId, mutationId: fault.mutationId }, 'comando non applicato per un errore del server');
  }
  return {
    lastMutationId: outcome.lastMutationId,
    results: outcome.results,
    ...(fault ? { serverError: { mutationId: fault.mutationId, message: 'Errore interno del server: il comando sarà riprovato.' } } : {}),
    serverTime: clock().toISOString(),
  };
};

/**
 * One page of the change log, already as the JSON the wire carries: each change's data is stored
 * as JSON text, so it is spliced in as it is rather than parsed and serialised again (a first
 * pull moves hundreds of thousands of rows).
 */
export const pullPageJson = async (db: Db, cursor: number, limit: number, clock: () => Date = () => new Date()): Promise<string> => {
  const rows = await db
    .selectFrom('sync_changes')
    .selectAll()
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const changes = page.map(
    (row) => `{"seq":${Number(row.seq)},"entity":${JSON.stringify(row.entity)},"id":${JSON.stringify(row.entity_id)},"op":${JSON.stringify(row.op)},"data":${row.data ?? 'null'}}`,
  );
  const next = page.length > 0 ? Number(page[page.length - 1]?.seq) : cursor;
  return `{"changes":[${changes.join(',')}],"cursor":${next},"hasMore":${rows.length > limit},"serverTime":${JSON.stringify(clock().toISOString())}}`;
};
