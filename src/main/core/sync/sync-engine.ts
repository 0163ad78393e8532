import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { newId } from '../../../shared/ids.ts';
import { AppFailure, toAppError } from '../../../shared/result.ts';
import { parseCommand, type Command } from '../../../shared/sync/commands.ts';
import { maxChangesPerPull, maxCommandsPerPush, type Change } from '../../../shared/sync/protocol.ts';
import type { Actor } from '../../../shared/sync/rules.ts';
import { commandTargets } from '../../../shared/sync/targets.ts';
import type { CoreEvents } from '../core-events.ts';
import type { RejectedCommandView, SyncStatusView } from '../../../shared/host-api/contract.ts';
import { readSetting, writeSetting } from '../settings/settings.repository.ts';
import { Offline, type Fetch } from './api-client.ts';
import { createSyncScheduler } from './sync-scheduler.ts';
import {
  endDisabledAccount,
  isAccountDisabled,
  moveLegacyTokenToSecrets,
  readReplica,
  requestPasswordReset,
  readSession,
  saveReplica as saveReplicaSetting,
  sessionClient,
  signIn,
  signOut,
  type Replica,
} from './session.ts';
import { deferSearchIndex, rebuildSearchIndex } from '../tickets/search-index.repository.ts';
import { createLocalCommands } from './local-commands.ts';
import { defaultTimePolicy, type DecisionContext } from '../../../shared/sync/model/command-effects.ts';
import { offlineTicketNumber } from '../../../shared/intake/ticket-number.ts';
import { openPageWriter } from './pull-connection.ts';
import { replayPendingCommands, type ChunkTiming, type PageWork } from './page-store.ts';
import { createPullApplier } from './pull-apply.ts';
import { clearReplica } from './replica.repository.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import {
  countServerFault,
  enqueueCommand,
  journalApplied,
  pruneSentJournal,
  requeueFromJournal,
  sentJournalDays,
  markRejected,
  maxServerAttempts,
  outboxCounts,
  outboxRow,
  pendingOutboxRows,
  quarantinedRows,
  queueRestores,
  rejectedOutboxRows,
  removeOutboxRow,
  restoresToDo,
  type OutboxRow,
} from './outbox.repository.ts';
import { writeTransaction } from '../db/write-transaction.ts';

/** The status and the refused commands travel as the host contract defines them: one definition. */
export type SyncStatus = SyncStatusView;
export type SyncState = SyncStatus['state'];
export type RejectedCommand = RejectedCommandView;

export { nextSyncDelay } from './sync-scheduler.ts';

export type SyncEngineOptions = {
  sqlite: BetterSqlite3.Database;
  /** Where the API session token lives: the OS keychain in Electron, a user-only file in the browser host. */
  secrets: SecretStore;
  events: CoreEvents;
  fetch?: Fetch;
  clock?: () => Date;
  /** Pull page size; the bench and tests lower or raise it. */
  pageSize?: number;
  debounceMs?: number;
  periodMs?: number;
  maxBackoffMs?: number;
  /**
   * The pull worker's module (`pull-worker.ts`); the Electron build passes its bundled file.
   * `null` stores pulled pages on the core's thread.
   */
  pullWorkerUrl?: URL | null;
  /** Observes how long each pulled page held the local database (the bench reports the longest). */
  onPageApplied?: (info: ChunkTiming) => void;
};

const defaultPullWorkerUrl = new URL('./pull-worker.ts', import.meta.url);

/** The API's change log or its record of this console's commands is behind what the console saw. */
class ApiRestored extends Error {
  readonly lastServerId: number | null;
  constructor(lastServerId: number | null) {
    super('API ripristinata da un backup');
    this.lastServerId = lastServerId;
  }
}

const lastMutationIdOf = (details: unknown): number | null =>
  typeof details === 'object' &&
  details !== null &&
  'lastMutationId' in details &&
  typeof details.lastMutationId === 'number'
    ? details.lastMutationId
    : null;

/**
 * The console's side of sync. Writes are commands: applied locally and queued in the outbox in
 * one transaction, then pushed in order; pulls apply the server's changes a page per
 * transaction and re-apply still-pending commands on top, so a technician never sees their own
 * work vanish. Nothing here needs the network to accept work.
 */
export const createSyncEngine = (options: SyncEngineOptions) => {
  const { sqlite, events } = options;
  const clock = options.clock ?? (() => new Date());
  // The largest page the protocol allows: a first pull stores each in one or two long transactions, far cheaper than many short ones.
  const pageSize = options.pageSize ?? maxChangesPerPull;
  const { secrets } = options;
  const localCommands = createLocalCommands(sqlite, createPullApplier(sqlite));
  const pages = openPageWriter(
    sqlite,
    options.pullWorkerUrl === undefined ? defaultPullWorkerUrl : options.pullWorkerUrl,
  );
  moveLegacyTokenToSecrets(sqlite, secrets);
  let lastError: string | null = null;
  let state: SyncState = readSession(sqlite) ? 'offline' : 'signed_out';
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let closed = false;
  /** Server clock minus this one, learnt at the last sync (kept across restarts); null until known. */
  let clockOffsetMs = readSetting(sqlite, 'sync.clockOffsetMs', z.number());

  /** This workstation's time corrected by what the server said at the last sync: what it stamps work with. */
  const alignedNow = (): Date => new Date(clock().getTime() + (clockOffsetMs ?? 0));
  /** Learns the offset from an answer; differences within the round trip's noise are ignored. */
  const learnServerTime = (serverTime: string | undefined) => {
    if (!serverTime) return;
    const measured = Date.parse(serverTime) - clock().getTime();
    const offset = Math.abs(measured) < 2_000 ? 0 : Math.round(measured / 1000) * 1000;
    if (offset === clockOffsetMs) return;
    clockOffsetMs = offset;
    writeSetting(sqlite, 'sync.clockOffsetMs', offset);
  };

  const session = () => readSession(sqlite);
  const replica = () => readReplica(sqlite);
  const saveReplica = (value: Replica) => saveReplicaSetting(sqlite, value);
  const actor = (): Actor => {
    const current = session();
    if (!current)
      throw new AppFailure(
        'unauthorized',
        'Accedi all’API centrale almeno una volta per registrare attività.',
      );
    return { id: current.user.id, role: current.user.role };
  };

  /** The same decision the API takes, on the same (server-aligned) time. */
  const decisionContext = (who: Actor): DecisionContext => ({
    actor: who,
    now: alignedNow().toISOString(),
    policy: defaultTimePolicy,
  });

  const counts = () => outboxCounts(sqlite);

  /** The last status computed, answered once the console has closed its database. */
  let lastStatus: SyncStatus | null = null;
  let statusRevision = 0;
  const status = (): SyncStatus => {
    if (closed && lastStatus) return lastStatus;
    const current = session();
    const { pending, rejected, quarantined } = counts();
    // Follows the wall clock in microseconds, so revisions keep increasing across a restart of the core.
    statusRevision = Math.max(statusRevision + 1, Date.now() * 1000);
    lastStatus = {
      revision: statusRevision,
      state: current ? state : 'signed_out',
      pending,
      rejected,
      quarantined,
      clockOffsetSeconds: clockOffsetMs === null ? null : clockOffsetMs / 1000,
      lastSyncedAt: replica()?.lastSyncedAt ?? null,
      lastError,
      serverUrl: current?.serverUrl ?? readSetting(sqlite, 'sync.serverUrl', z.string()),
      user: current?.user ?? null,
    };
    return lastStatus;
  };
  const publish = () => events.emit('sync.status', status());

  const pendingRows = (limit: number) => pendingOutboxRows(sqlite, limit);

  const parseRow = (row: OutboxRow): Command | null => {
    const parsed = parseCommand(row.command, JSON.parse(row.payload));
    return parsed.ok ? parsed.command : null;
  };

  /** Re-applies every pending command on top of server state (after a realignment). */
  const replayAllPending = () => {
    const me = session();
    if (me)
      replayPendingCommands(
        sqlite,
        localCommands,
        null,
        decisionContext({ id: me.user.id, role: me.user.role }),
      );
  };

  /** What a stored page needs besides its rows: the context its pending commands are re-decided in. */
  const pageWork = (
    extra: Pick<PageWork, 'settings' | 'restoresDone' | 'expect' | 'deferSearch'>,
  ): PageWork => {
    const me = session();
    return {
      context: me ? decisionContext({ id: me.user.id, role: me.user.role }) : null,
      at: clock().toISOString(),
      ...extra,
    };
  };

  /**
   * Stores one pulled page and reports each local transaction. The cursor moves with the page's
   * last rows, and only from where the page starts: a page after one that failed is refused, so
   * pages stored ahead can never skip changes.
   */
  const storePage = async (changes: Change[], from: number, cursor: number, deferSearch: boolean) => {
    const ids = replica();
    const work = pageWork({
      ...(ids
        ? {
            settings: [{ key: 'sync.replica', value: { ...ids, cursor } }],
            expect: { key: 'sync.replica', cursor: from },
          }
        : {}),
      ...(deferSearch ? { deferSearch } : {}),
    });
    const chunks = await pages.store(changes, work);
    for (const chunk of chunks) options.onPageApplied?.(chunk);
  };

  const client = sessionClient(sqlite, secrets, options.fetch);

  /** A fault on the server's side (not a verdict): sync backs off, and the command is abandoned after a few. */
  class ServerFault extends Error {}

  /**
   * The API holds this console's commands only up to `lastServerId` (absolute): it was restored
   * from a backup. What the journal kept after it goes back into the outbox under the same ids.
   * If the journal no longer holds all of them, the console continues as a new identity (the
   * outbox's commands start again at 1) and says what could not be sent again.
   */
  const recoverFromRestoredApi = (lastServerId: number) => {
    writeTransaction(sqlite, () => {
      const firstPending = sqlite
        .prepare<[], { first: number | null }>(
          "SELECT min(mutation_id) AS first FROM outbox WHERE status = 'pending'",
        )
        .get()?.first;
      const upTo =
        firstPending ??
        (sqlite
          .prepare<[], { last: number | null }>('SELECT max(mutation_id) AS last FROM sent_commands')
          .get()?.last ?? lastServerId) + 1;
      if (upTo <= lastServerId + 1) return;
      const whole = requeueFromJournal(sqlite, lastServerId, upTo);
      if (whole) return;
      const ids = replica();
      const first = sqlite
        .prepare<[], { first: number | null }>('SELECT min(mutation_id) AS first FROM outbox')
        .get()?.first;
      if (ids && first !== null && first !== undefined)
        saveReplica({ ...ids, clientId: newId(), mutationBase: first - 1 });
      // The old identity's journal means nothing to the new one (and would look like another restore).
      sqlite.prepare('DELETE FROM sent_commands').run();
      restoredWarning =
        'L’API centrale è stata ripristinata da un backup: alcune attività inviate più di 30 giorni fa non erano più su questa postazione e non sono state reinviate.';
    });
  };
  let restoredWarning: string | null = null;

  const lastJournaledId = (): number =>
    sqlite.prepare<[], { last: number | null }>('SELECT max(mutation_id) AS last FROM sent_commands').get()
      ?.last ?? 0;

  const pushAll = async () => {
    const api = client();
    pruneSentJournal(sqlite, new Date(clock().getTime() - sentJournalDays * 86_400_000).toISOString());
    for (;;) {
      const ids = replica();
      if (!ids) return;
      const rows = pendingRows(maxCommandsPerPush);
      if (rows.length === 0) return;
      let response;
      try {
        response = await api.push({
          clientId: ids.clientId,
          commands: rows.map((row) => ({
            mutationId: row.mutation_id - ids.mutationBase,
            name: row.command,
            args: JSON.parse(row.payload),
            issuedAt: row.issued_at,
            ...(row.attempts >= maxServerAttempts ? { abandoned: true as const } : {}),
          })),
        });
      } catch (error) {
        const last =
          error instanceof AppFailure && error.code === 'gap' ? lastMutationIdOf(error.details) : null;
        // The API is behind what it acknowledged: restored from a backup. Send the rest again.
        if (last !== null && last + ids.mutationBase < (rows[0]?.mutation_id ?? 0) - 1) {
          recoverFromRestoredApi(last + ids.mutationBase);
          continue;
        }
        throw error;
      }
      learnServerTime(response.serverTime);
      const appliedAt = clock().toISOString();
      writeTransaction(sqlite, () => {
        for (const result of response.results) {
          const mutationId = result.mutationId + ids.mutationBase;
          if (result.status === 'applied') {
            journalApplied(sqlite, mutationId, appliedAt);
            continue;
          }
          markRejected(
            sqlite,
            mutationId,
            result.error?.code ?? 'internal',
            result.error?.message ?? 'Rifiutato dal server',
          );
          const row = rows.find((candidate) => candidate.mutation_id === mutationId);
          const command = row ? parseRow(row) : null;
          // The server's version of what the command touched comes back, durably: retried until it does.
          if (command) queueRestores(sqlite, commandTargets(command), clock().toISOString());
        }
      });
      publish();
      if (response.serverError) {
        const attempts = countServerFault(sqlite, response.serverError.mutationId + ids.mutationBase);
        throw new ServerFault(
          `Errore del server su un comando in attesa (tentativo ${attempts} di ${maxServerAttempts}): nuovo tentativo tra poco.`,
        );
      }
    }
  };

  /** Puts back the server's version of rows a rejected or discarded command had changed locally. */
  const restorePending = async () => {
    for (;;) {
      const refs = restoresToDo(sqlite, 200);
      if (refs.length === 0) return;
      const { rows } = await client().snapshot(refs);
      await pages.store(
        rows.map((row, index) => ({
          seq: index + 1,
          entity: row.entity,
          id: row.id,
          op: row.data ? 'upsert' : 'delete',
          data: row.data,
        })),
        pageWork({ restoresDone: refs }),
      );
      events.emit('tickets.changed', { ids: [] });
    }
  };

  /** Pages fetched ahead of the one being stored: the network and the local writes overlap. */
  const pagesInFlight = 3;

  const pullAll = async () => {
    const api = client();
    const ids = replica();
    if (!ids) return;
    let cursor = ids.cursor;
    // From the start, the whole server is coming: tickets are indexed for search once, at the end,
    // rather than one by one. (The pull worker starts with the first large page: a small replica never
    // starts a thread.)
    const deferSearch = cursor === 0;
    if (deferSearch) deferSearchIndex(sqlite);
    const storing: Array<Promise<void>> = [];
    // The first page says which console this is and what it still holds (after its push).
    let presence: { clientId: string; pending: number } | undefined = {
      clientId: ids.clientId,
      pending: counts().pending,
    };
    try {
      for (;;) {
        const page = await api.pull(cursor, pageSize, presence);
        if (
          presence &&
          ((page.head !== undefined && cursor > page.head) ||
            (page.lastMutationId !== undefined && page.lastMutationId + ids.mutationBase < lastJournaledId()))
        ) {
          throw new ApiRestored(
            page.lastMutationId === undefined ? null : page.lastMutationId + ids.mutationBase,
          );
        }
        presence = undefined;
        learnServerTime(page.serverTime);
        const stored = storePage(page.changes, cursor, page.cursor, deferSearch).then(() => {
          const ticketIds = page.changes
            .filter((change) => change.entity === 'ticket')
            .map((change) => change.id);
          if (page.changes.length > 0) events.emit('tickets.changed', { ids: ticketIds.slice(0, 500) });
        });
        stored.catch(() => undefined);
        storing.push(stored);
        cursor = page.cursor;
        if (storing.length >= pagesInFlight) await storing.shift();
        if (!page.hasMore) break;
      }
    } finally {
      // Whatever happens, the pull ends only when the pages already sent are stored (or refused),
      // and what arrived is searchable (a failed build is tried again at the next pull's end).
      await Promise.allSettled(storing);
      await rebuildSearchIndex(sqlite).catch(() => undefined);
    }
    for (const stored of storing) await stored;
  };

  const runOnce = async () => {
    if (closed || !session() || !replica()) return;
    state = 'syncing';
    publish();
    try {
      // A fault on one pushed command must not keep the console from receiving everyone else's work.
      let fault: ServerFault | null = null;
      try {
        await pushAll();
      } catch (error) {
        if (!(error instanceof ServerFault)) throw error;
        fault = error;
      }
      await restorePending();
      try {
        await pullAll();
      } catch (error) {
        if (!(error instanceof ApiRestored)) throw error;
        // Restored from a backup: the work it lost goes back out, and the copy is pulled afresh.
        if (error.lastServerId !== null) recoverFromRestoredApi(error.lastServerId);
        const ids = replica();
        clearReplica(sqlite, 'keep-own-work');
        writeTransaction(sqlite, () => {
          if (ids) saveReplica({ ...(replica() ?? ids), cursor: 0 });
          writeSetting(sqlite, 'sync.replayAll', true);
        });
        events.emit('tickets.changed', { ids: [] });
        await pushAll();
        await pullAll();
      }
      if (readSetting(sqlite, 'sync.replayAll', z.boolean())) {
        // After a realignment every pending command goes back on top of the fresh copy.
        writeTransaction(sqlite, () => {
          replayAllPending();
          writeSetting(sqlite, 'sync.replayAll', null);
        });
      }
      const ids = replica();
      if (ids) saveReplica({ ...ids, lastSyncedAt: clock().toISOString() });
      if (fault) throw fault;
      state = 'online';
      lastError = restoredWarning;
      restoredWarning = null;
      failures = 0;
    } catch (error) {
      failures += 1;
      if (error instanceof Offline) {
        state = 'offline';
        lastError = null;
      } else if (error instanceof ServerFault) {
        state = 'online';
        lastError = error.message;
      } else if (
        error instanceof AppFailure &&
        error.code === 'unauthorized' &&
        isAccountDisabled(error.details)
      ) {
        endDisabledAccount(sqlite, secrets);
        state = 'signed_out';
        lastError = error.message;
        events.emit('tickets.changed', { ids: [] });
      } else {
        const appError = toAppError(error);
        state = appError.code === 'unauthorized' ? 'offline' : 'online';
        lastError =
          appError.code === 'unauthorized'
            ? 'Sessione scaduta: accedi di nuovo per sincronizzare.'
            : appError.message;
      }
    } finally {
      // A sync still waiting on the network when the console closes ends quietly.
      if (!closed) publish();
    }
  };

  /** One sync at a time; a request during a run schedules exactly one more run after it. */
  const syncNow = async (): Promise<SyncStatus> => {
    if (running) {
      again = true;
      await running;
      return status();
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
    return status();
  };

  const scheduler = createSyncScheduler({
    sync: syncNow,
    failures: () => failures,
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.periodMs !== undefined ? { periodMs: options.periodMs } : {}),
    ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
  });
  const scheduleSoon = scheduler.soon;

  /** Apply a technician's command now and queue it for the central API. */
  const execute = (name: string, args: unknown): void => {
    const parsed = parseCommand(name, args);
    if (!parsed.ok) throw new AppFailure('invalid_argument', parsed.message);
    const context = decisionContext(actor());
    writeTransaction(sqlite, () => {
      localCommands.apply(parsed.command, context);
      enqueueCommand(sqlite, parsed.command.name, JSON.stringify(parsed.command.args), context.now);
    });
    const targets = commandTargets(parsed.command)
      .filter((ref) => ref.entity === 'ticket')
      .map((ref) => ref.id);
    events.emit('tickets.changed', { ids: targets });
    publish();
    scheduleSoon();
  };

  return {
    status,
    syncNow,
    alignedNow,
    rejected: (): RejectedCommand[] =>
      rejectedOutboxRows(sqlite).map((row) => ({
        mutationId: row.mutation_id,
        name: row.command,
        args: JSON.parse(row.payload) as unknown,
        code: row.error_code ?? 'internal',
        message: row.error_message ?? '',
        issuedAt: row.issued_at,
      })),

    quarantined: () => quarantinedRows(sqlite),

    /**
     * Rebuilds the local copy from the server (after quarantined rows, or whenever the technician
     * doubts it): the replica is emptied and pulled again from the start, and every pending command
     * is replayed on top, so no unsent work is lost.
     */
    async realign(): Promise<SyncStatus> {
      if (!session() || !replica())
        throw new AppFailure('unauthorized', 'Accedi all’API centrale per riallineare i dati.');
      // Only with the server in reach (and what can be sent, sent): an empty copy offline helps no one.
      await syncNow();
      const ids = replica();
      if (state === 'offline' || !ids)
        throw new AppFailure('unavailable', 'API centrale non raggiungibile: riallinea quando torni online.');
      clearReplica(sqlite, 'keep-own-work');
      writeTransaction(sqlite, () => {
        saveReplica({ ...ids, cursor: 0 });
        writeSetting(sqlite, 'sync.replayAll', true);
      });
      events.emit('tickets.changed', { ids: [] });
      publish();
      return syncNow();
    },

    execute,

    /**
     * Redo a refused command as a new one, once the technician has fixed the cause (taken the
     * ticket, waited for a colleague). A ticket refused for its number gets a fresh one.
     */
    retryRejected(mutationId: number): void {
      const row = outboxRow(sqlite, mutationId);
      if (!row || row.status !== 'rejected')
        throw new AppFailure('not_found', 'Comando rifiutato non trovato.');
      const args = JSON.parse(row.payload) as Record<string, unknown>;
      if (row.command === 'ticket.create' && row.error_code === 'conflict')
        args['number'] = offlineTicketNumber(alignedNow());
      writeTransaction(sqlite, () => {
        removeOutboxRow(sqlite, mutationId);
        execute(row.command, args);
      });
    },

    /** Drops a refused command; what it had changed locally is replaced by the server's version. */
    discardRejected(mutationId: number): void {
      const row = outboxRow(sqlite, mutationId);
      if (!row || row.status !== 'rejected')
        throw new AppFailure('not_found', 'Comando rifiutato non trovato.');
      const command = parseRow(row);
      writeTransaction(sqlite, () => {
        removeOutboxRow(sqlite, mutationId);
        if (command) queueRestores(sqlite, commandTargets(command), clock().toISOString());
      });
      publish();
      scheduleSoon();
    },

    async login(serverUrl: string, email: string, password: string): Promise<SyncStatus> {
      await signIn(sqlite, secrets, { serverUrl, email, password, fetch: options.fetch });
      state = 'online';
      lastError = null;
      publish();
      events.emit('tickets.changed', { ids: [] });
      await syncNow();
      return status();
    },

    forgotPassword: (serverUrl: string, email: string) =>
      requestPasswordReset({ serverUrl, email, fetch: options.fetch }),

    /** Leaves the workstation clean for the next user (refused while work is owed: `signOut`). */
    async logout(): Promise<SyncStatus> {
      await signOut(sqlite, secrets, client);
      state = 'signed_out';
      lastError = null;
      publish();
      events.emit('tickets.changed', { ids: [] });
      return status();
    },

    /** The API client of the signed-in session (online reads use it too). */
    client,
    start: scheduler.start,
    /** A reconnect (network back, laptop awake) syncs at once instead of waiting for the period. */
    nudge(): void {
      failures = 0;
      scheduleSoon();
    },
    stop: scheduler.stop,
    /** Stops and closes the pull connection; the caller closes the main one. */
    async close(): Promise<void> {
      closed = true;
      scheduler.stop();
      await pages.close();
    },
  };
};
export type SyncEngine = ReturnType<typeof createSyncEngine>;
