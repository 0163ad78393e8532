import { dbErrorCode, isUniqueViolation } from '../db/db-errors.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { AppFailure, type ErrorCode } from '../../shared/result.ts';
import { parseCommand } from '../../shared/sync/commands.ts';
import type { CommandResult, PushRequest, PushResponse } from '../../shared/sync/protocol.ts';
import type { Actor } from '../../shared/sync/rules.ts';
import type { ServerDatabase } from '../db/server-schema.ts';
import { recordChanges } from './change-log.ts';
import { type ChangeRef } from '../db/change-ref.ts';
import { executeCommand } from '../commands/command-executor.ts';
import { canLockRows, lockedIf } from '../db/row-locks.ts';
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

/** Deadlocks and serialization failures are the database asking us to try again. */
const isRetryable = (error: unknown): boolean => ['40001', '40P01', 'SQLITE_BUSY'].includes(dbErrorCode(error) ?? '');

/** A constraint the checks could not see coming (two consoles racing) is a rejection, not a crash. */
const constraintRejection = (error: unknown): AppFailure | null => {
  const code = dbErrorCode(error) ?? '';
  if (isUniqueViolation(error)) {
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

/** A stored answer, given again to a replayed command. */
const storedResult = (row: ServerDatabase['sync_results']): CommandResult =>
  row.status === 'applied'
    ? { mutationId: Number(row.mutation_id), status: 'applied' }
    : { mutationId: Number(row.mutation_id), status: 'rejected', error: { code: (row.error_code ?? 'invalid_argument') as ErrorCode, message: row.error_message ?? '' } };

/**
 * The client's mutation counter for this batch, read under a row lock (PostgreSQL) so two pushes
 * of one console never interleave, with the stored answers of the commands it has already seen.
 */
const readClaims = async (trx: Trx, clientId: string, mutationIds: readonly number[]) => {
  const client = await lockedIf(trx.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId), canLockRows(trx)).executeTakeFirstOrThrow();
  const last = Number(client.last_mutation_id);
  const seen = mutationIds.filter((id) => id <= last);
  const stored = seen.length === 0 ? [] : await trx.selectFrom('sync_results').selectAll().where('client_id', '=', clientId).where('mutation_id', 'in', seen).execute();
  return { last, stored: new Map(stored.map((row) => [Number(row.mutation_id), storedResult(row)])) };
};

const storeResults = async (trx: Trx, clientId: string, results: readonly CommandResult[]) => {
  const rows = results.map((result) => ({
    client_id: clientId,
    mutation_id: result.mutationId,
    status: result.status,
    error_code: result.error?.code ?? null,
    error_message: result.error?.message ?? null,
  }));
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('sync_results').values(rows.slice(i, i + 200)).execute();
};

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
  /** A disabled account's console: only what it made before the disabling is accepted. */
  acceptIssuedBefore: string | null = null,
): Promise<PushResponse> => {
  await registerClient(db, actor, request.clientId, clock());
  const parsedCommands = request.commands.map((pushed) => ({ pushed, parsed: parseCommand(pushed.name, pushed.args) }));
  const suspicious: Array<{ name: string; code: string; message: string }> = [];
  const outcome = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const claims = await readClaims(trx, request.clientId, request.commands.map((pushed) => pushed.mutationId));
      let last = claims.last;
      const results: CommandResult[] = [];
      const fresh: CommandResult[] = [];
      const refs: ChangeRef[] = [];
      let fault: CommandFault | null = null;
      const answer = (result: CommandResult) => {
        results.push(result);
        fresh.push(result);
        last = result.mutationId;
      };
      for (const { pushed, parsed } of parsedCommands) {
        // A replay gets the answer it got the first time; anything past the next id is a gap.
        if (pushed.mutationId <= last) {
          const stored = claims.stored.get(pushed.mutationId) ?? fresh.find((result) => result.mutationId === pushed.mutationId);
          if (!stored) throw new Gap(claims.last);
          results.push(stored);
          continue;
        }
        if (pushed.mutationId !== last + 1) throw new Gap(last);
        if (pushed.abandoned) {
          answer({ mutationId: pushed.mutationId, status: 'rejected', error: { code: 'internal', message: abandonedMessage } });
          continue;
        }
        if (acceptIssuedBefore !== null && !(Date.parse(pushed.issuedAt) < Date.parse(acceptIssuedBefore))) {
          answer({ mutationId: pushed.mutationId, status: 'rejected', error: { code: 'forbidden', message: 'Account disattivato: l’attività è stata registrata dopo la disattivazione.' } });
          continue;
        }
        const now = clock();
        await sql`SAVEPOINT command`.execute(trx);
        try {
          if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
          const commandRefs = await executeCommand(trx, actor, parsed.command, now, policy);
          await sql`RELEASE SAVEPOINT command`.execute(trx);
          refs.push(...commandRefs);
          answer({ mutationId: pushed.mutationId, status: 'applied' });
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT command`.execute(trx);
          await sql`RELEASE SAVEPOINT command`.execute(trx);
          if (isRetryable(error)) throw error;
          const failure = error instanceof AppFailure ? error : constraintRejection(error);
          if (!failure) {
            fault = new CommandFault(pushed.mutationId, error);
            break;
          }
          // The command's effects are gone; its id is used up by the rejection, with its reason.
          answer({ mutationId: pushed.mutationId, status: 'rejected', error: { code: failure.code, message: failure.message } });
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
      await storeResults(trx, request.clientId, fresh);
      if (last !== claims.last) {
        await trx.updateTable('sync_clients').set({ last_mutation_id: last, updated_at: clock().toISOString() }).where('client_id', '=', request.clientId).execute();
      }
      await recordChanges(trx, refs, clock());
      return { results, fault, lastMutationId: last };
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
export const pullPageJson = async (
  db: Db,
  cursor: number,
  limit: number,
  clock: () => Date = () => new Date(),
  onPage?: (changes: number) => void,
  /** The console asking (its presence) and its user: only its own client's number is answered. */
  asker?: { clientId: string; userId: string },
): Promise<string> => {
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
  onPage?.(page.length);
  // Where the change log ends and what this console's last applied command is: a console ahead of
  // either is talking to an API restored from a backup (it realigns and sends its work again).
  // Read on a pull's first page only (the one that carries the console's presence), not on every page.
  let restoreCheck = '';
  if (asker) {
    const head = Number((await db.selectFrom('sync_counter').select('seq').where('id', '=', 1).executeTakeFirst())?.seq ?? 0);
    const client = await db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', asker.clientId).where('user_id', '=', asker.userId).executeTakeFirst();
    restoreCheck = `,"head":${head},"lastMutationId":${client ? Number(client.last_mutation_id) : 0}`;
  }
  return `{"changes":[${changes.join(',')}],"cursor":${next},"hasMore":${rows.length > limit}${restoreCheck},"serverTime":${JSON.stringify(clock().toISOString())}}`;
};
