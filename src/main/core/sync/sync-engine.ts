import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { newId } from '../../../shared/ids.ts';
import { AppFailure, toAppError } from '../../../shared/result.ts';
import { parseCommand, type Command } from '../../../shared/sync/commands.ts';
import { roleSchema } from '../../../shared/sync/entities.ts';
import { maxChangesPerPull, maxCommandsPerPush, type Change } from '../../../shared/sync/protocol.ts';
import type { Actor } from '../../../shared/sync/rules.ts';
import { commandTargets } from '../../../shared/sync/targets.ts';
import type { CoreEvents } from '../core-events.ts';
import { readSetting, writeSetting } from '../settings/settings.repository.ts';
import { createApiClient, type ApiClient, Offline, type Fetch } from './api-client.ts';
import { deferSearchIndex, rebuildSearchIndex } from '../tickets/search-index.repository.ts';
import { createLocalCommands } from './local-commands.ts';
import { defaultTimePolicy, type DecisionContext } from '../../../shared/sync/model/command-effects.ts';
import { offlineTicketNumber } from '../tickets/intake.service.ts';
import { openPageWriter } from './pull-connection.ts';
import { replayPendingCommands, type ChunkTiming, type PageWork } from './page-store.ts';
import { createPullApplier } from './pull-apply.ts';
import { clearReplica, countRunningInterventions } from './replica.repository.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { checkApiUrl } from './api-url.ts';
import {
  countServerFault,
  enqueueCommand,
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
import type { AuditEntry, AuditTrailRequest } from '../../../shared/review/audit.ts';
import type { ConsoleSync } from '../../../shared/review/consoles.ts';

/** The session as kept in the local database: who and where, never the token (that is in the secret store). */
const sessionSchema = z.object({
  serverUrl: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: roleSchema }),
});
type Session = z.infer<typeof sessionSchema>;
const tokenSecret = 'api.sessionToken';
const replicaSchema = z.object({
  clientId: z.string(),
  userId: z.string(),
  mutationBase: z.int(),
  cursor: z.int(),
  lastSyncedAt: z.string().nullable(),
});
type Replica = z.infer<typeof replicaSchema>;

export type SyncState = 'signed_out' | 'offline' | 'online' | 'syncing';
export type SyncStatus = {
  /** Orders statuses that reach the renderer by different channels (answers, events). */
  revision: number;
  state: SyncState;
  pending: number;
  rejected: number;
  /** Pulled rows this replica could not store: listed in the sync panel; «Riallinea» rebuilds. */
  quarantined: number;
  /** How far this workstation's clock is from the server's, in seconds (server minus local), once known. */
  clockOffsetSeconds: number | null;
  lastSyncedAt: string | null;
  lastError: string | null;
  serverUrl: string | null;
  user: Session['user'] | null;
};
export type RejectedCommand = {
  mutationId: number;
  name: string;
  args: unknown;
  code: string;
  message: string;
  issuedAt: string;
};

/**
 * When to try again: the regular period while things work; after failures, 2 s, 4 s, 8 s … up
 * to the ceiling, so a console offline for hours neither hammers the API nor waits long once it
 * is back (a reconnect nudges it at once anyway).
 */
export const nextSyncDelay = (failures: number, periodMs: number, maxBackoffMs: number): number =>
  failures === 0 ? periodMs : Math.min(maxBackoffMs, 2_000 * 2 ** Math.min(failures - 1, 20));

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
  let state: SyncState = readSetting(sqlite, 'sync.session', sessionSchema) ? 'offline' : 'signed_out';
  let running: Promise<void> | null = null;
  let again = false;
  let debounce: NodeJS.Timeout | undefined;
  let periodic: NodeJS.Timeout | undefined;
  let failures = 0;
  let started = false;
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

  const session = () => readSetting(sqlite, 'sync.session', sessionSchema);
  const replica = () => readSetting(sqlite, 'sync.replica', replicaSchema);
  const saveReplica = (value: Replica) => writeSetting(sqlite, 'sync.replica', value);
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
  const pageWork = (extra: Pick<PageWork, 'settings' | 'restoresDone' | 'expect' | 'deferSearch'>): PageWork => {
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
      ...(ids ? { settings: [{ key: 'sync.replica', value: { ...ids, cursor } }], expect: { key: 'sync.replica', cursor: from } } : {}),
      ...(deferSearch ? { deferSearch } : {}),
    });
    const chunks = await pages.store(changes, work);
    for (const chunk of chunks) options.onPageApplied?.(chunk);
  };

  const client = () => {
    const current = session();
    if (!current) throw new AppFailure('unauthorized', 'Accedi all’API centrale per sincronizzare.');
    const token = secrets.get(tokenSecret);
    if (!token) throw new AppFailure('unauthorized', 'Sessione scaduta: accedi di nuovo per sincronizzare.');
    return createApiClient({
      baseUrl: current.serverUrl,
      token,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  };

  /** A read the API alone can answer: offline becomes `unavailable`, said in words. */
  const whenOnline = async <T>(read: () => Promise<T>, offlineMessage: string): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof Offline) throw new AppFailure('unavailable', offlineMessage);
      throw error;
    }
  };

  /** A fault on the server's side (not a verdict): sync backs off, and the command is abandoned after a few. */
  class ServerFault extends Error {}

  const pushAll = async () => {
    const api = client();
    const ids = replica();
    if (!ids) return;
    for (;;) {
      const rows = pendingRows(maxCommandsPerPush);
      if (rows.length === 0) return;
      const response = await api.push({
        clientId: ids.clientId,
        commands: rows.map((row) => ({
          mutationId: row.mutation_id - ids.mutationBase,
          name: row.command,
          args: JSON.parse(row.payload),
          issuedAt: row.issued_at,
          ...(row.attempts >= maxServerAttempts ? { abandoned: true as const } : {}),
        })),
      });
      learnServerTime(response.serverTime);
      writeTransaction(sqlite, () => {
        for (const result of response.results) {
          const mutationId = result.mutationId + ids.mutationBase;
          if (result.status === 'applied') {
            removeOutboxRow(sqlite, mutationId);
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
    let presence: { clientId: string; pending: number } | undefined = { clientId: ids.clientId, pending: counts().pending };
    try {
      for (;;) {
        const page = await api.pull(cursor, pageSize, presence);
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
      await pullAll();
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
      lastError = null;
      failures = 0;
    } catch (error) {
      failures += 1;
      if (error instanceof Offline) {
        state = 'offline';
        lastError = null;
      } else if (error instanceof ServerFault) {
        state = 'online';
        lastError = error.message;
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

  const schedulePeriodic = () => {
    if (!started) return;
    clearTimeout(periodic);
    periodic = setTimeout(
      () => {
        void syncNow().then(schedulePeriodic);
      },
      nextSyncDelay(failures, options.periodMs ?? 30_000, options.maxBackoffMs ?? 300_000),
    );
    periodic.unref?.();
  };

  const scheduleSoon = () => {
    if (!started) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void syncNow(), options.debounceMs ?? 500);
    debounce.unref?.();
  };

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

    /** A record's audit trail, read from the API (it is not kept on consoles): refused offline, in words. */
    auditTrail: (request: AuditTrailRequest): Promise<{ entries: AuditEntry[] }> =>
      whenOnline(() => client().auditTrail(request), 'Storico modifiche disponibile solo con l’API centrale raggiungibile.'),

    /** Each console's last sync and pending commands, from the API (it alone knows them all). */
    consoles: (): Promise<{ consoles: ConsoleSync[] }> =>
      whenOnline(() => client().consoles(), 'Lo stato delle postazioni si legge dall’API centrale: ora non è raggiungibile.'),

    /** The API's outgoing mail that is stuck, and sending a parked one again. */
    outbox: () => whenOnline(() => client().outbox(), 'La posta in uscita si legge dall’API centrale: ora non è raggiungibile.'),
    retryMail: (id: string) => whenOnline(() => client().retryMail(id), 'Per rimettere in coda un’e-mail serve l’API centrale: ora non è raggiungibile.'),

    /** The API's customer portal and J2K keys, for leads: online only, like every read of what consoles do not keep. */
    online: <T>(read: (api: ApiClient) => Promise<T>) => whenOnline(() => read(client()), 'Questa funzione usa l’API centrale: ora non è raggiungibile.'),

    /** Monthly statements are computed by the API from its billing entries (consoles keep no money ledger). */
    monthStatements: (month: string) => whenOnline(() => client().monthStatements(month), 'I rendiconti si leggono dall’API centrale: ora non è raggiungibile.'),
    statementFile: (month: string, customerCode?: string) =>
      whenOnline(() => client().statementFile(month, customerCode), 'I rendiconti si scaricano dall’API centrale: ora non è raggiungibile.'),

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
      const checked = checkApiUrl(serverUrl);
      if (!checked.ok) throw new AppFailure('invalid_argument', checked.message);
      let answer;
      try {
        answer = await createApiClient({
          baseUrl: checked.origin,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }).login(email, password);
      } catch (error) {
        if (error instanceof Offline)
          throw new AppFailure(
            'unavailable',
            'API centrale non raggiungibile: controlla l’indirizzo e la rete.',
          );
        throw error;
      }
      const previous = replica();
      const owed = counts();
      if (previous && previous.userId !== answer.user.id && owed.pending + owed.rejected > 0) {
        // Those commands can only be sent, retried or discarded by the user who made them.
        throw new AppFailure(
          'conflict',
          'Ci sono attività di un altro utente non ancora sincronizzate su questa postazione: deve accedere lui per inviarle.',
        );
      }
      const newIdentity = !previous || previous.userId !== answer.user.id;
      // Another user's cache is not ours to read: start from an empty replica and pull afresh.
      if (previous && newIdentity) clearReplica(sqlite);
      secrets.set(tokenSecret, answer.token);
      writeTransaction(sqlite, () => {
        writeSetting(sqlite, 'sync.serverUrl', checked.origin);
        writeSetting(sqlite, 'sync.session', {
          serverUrl: checked.origin,
          expiresAt: answer.expiresAt,
          user: answer.user,
        } satisfies Session);
        if (newIdentity) {
          // A new identity for the server: mutation ids restart at 1 after the outbox's last id.
          const last = sqlite
            .prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
            .get();
          saveReplica({
            clientId: newId(),
            userId: answer.user.id,
            mutationBase: last?.seq ?? 0,
            cursor: 0,
            lastSyncedAt: null,
          });
        }
      });
      state = 'online';
      lastError = null;
      publish();
      events.emit('tickets.changed', { ids: [] });
      await syncNow();
      return status();
    },

    /**
     * Leaves the workstation clean for the next user: refused while anything of this user's is
     * still owed (unsent or refused commands) or a timer is running; otherwise the server session
     * ends, the token is forgotten and the local replica emptied.
     */
    async logout(): Promise<SyncStatus> {
      const owed = counts();
      if (owed.pending > 0) {
        throw new AppFailure(
          'conflict',
          'Ci sono attività non ancora sincronizzate: sincronizza prima di uscire.',
        );
      }
      if (owed.rejected > 0) {
        throw new AppFailure(
          'conflict',
          'Ci sono comandi rifiutati dal server: riprovali o scartali prima di uscire.',
        );
      }
      const me = session();
      if (me && countRunningInterventions(sqlite, me.user.id) > 0) {
        throw new AppFailure(
          'conflict',
          'Hai un intervento in corso: mettilo in pausa o concludilo prima di uscire.',
        );
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
      state = 'signed_out';
      lastError = null;
      publish();
      events.emit('tickets.changed', { ids: [] });
      return status();
    },

    start(): void {
      if (started) return;
      started = true;
      void syncNow().then(schedulePeriodic);
    },
    /** A reconnect (network back, laptop awake) syncs at once instead of waiting for the period. */
    nudge(): void {
      failures = 0;
      scheduleSoon();
    },
    stop(): void {
      started = false;
      clearTimeout(debounce);
      clearTimeout(periodic);
    },
    /** Stops and closes the pull connection; the caller closes the main one. */
    async close(): Promise<void> {
      closed = true;
      started = false;
      clearTimeout(debounce);
      clearTimeout(periodic);
      await pages.close();
    },
  };
};
export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** Consoles before the secret store kept the token in the session setting: move it out once. */
const moveLegacyTokenToSecrets = (sqlite: BetterSqlite3.Database, secrets: SecretStore): void => {
  const legacy = readSetting(sqlite, 'sync.session', sessionSchema.extend({ token: z.string() }));
  if (!legacy) return;
  secrets.set(tokenSecret, legacy.token);
  const { token: _token, ...withoutToken } = legacy;
  writeSetting(sqlite, 'sync.session', withoutToken);
};
