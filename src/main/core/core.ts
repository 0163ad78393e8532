import { join } from 'node:path';
import type { HostHandlers } from '../../shared/host-api/contract.ts';
import { createCoreEvents, type CoreEvents } from './core-events.ts';
import { openLocalDatabase, type LocalDb } from './db/database.ts';
import { migrations } from './db/migrations/index.ts';
import type { Fetch } from './sync/api-client.ts';
import type { ChunkTiming } from './sync/page-store.ts';
import { createSyncEngine, type SyncEngine } from './sync/sync-engine.ts';
import { userFileSecretStore, type SecretStore } from './secrets/secret-store.ts';
import { createIntakeService } from './tickets/intake.service.ts';
import { createRepairService } from './repairs/repair.service.ts';
import { countRunningInterventions } from './sync/replica.repository.ts';
import { readSetting } from './settings/settings.repository.ts';
import { updateChannels, type UpdateChannel, type WorkInProgress } from './updates/update-policy.ts';
import { z } from 'zod';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import { createTimerService, heartbeatIntervalMs, type TimerService } from './timer/timer.service.ts';
import { createOnlineReads } from './sync/online-reads.ts';
import { watchCalls } from './calls/call-watch.ts';
import type { HandlerDeps, UpdateSource } from './handlers/handler-deps.ts';
import { appHandlers } from './handlers/app.handlers.ts';
import { ticketHandlers } from './handlers/tickets.handlers.ts';
import { syncHandlers } from './handlers/sync.handlers.ts';
import { timerHandlers } from './handlers/timer.handlers.ts';
import { repairHandlers } from './handlers/repairs.handlers.ts';
import { reviewHandlers } from './handlers/review.handlers.ts';
import { reportHandlers } from './handlers/reports.handlers.ts';
import { adminHandlers } from './handlers/admin.handlers.ts';
import { portalHandlers } from './handlers/portal.handlers.ts';

export type CoreOptions = {
  dataDirectory: string;
  host: 'electron' | 'browser';
  version: string;
  /** Where the pull worker's module is: the Electron build passes its bundled file; sources run it as they are. */
  pullWorkerUrl?: URL | null;
  /** Tests and the bench inject their own fetch, clock and page size; production uses the defaults. */
  fetch?: Fetch;
  clock?: () => Date;
  syncPageSize?: number;
  onPageApplied?: (info: ChunkTiming) => void;
  /** Start background work: sync (on start, after writes, periodically) and the timer heartbeat. Off in tests that drive it by hand. */
  autoSync?: boolean;
  /** Where secrets live; default a file readable only by this OS user in the data folder. */
  secrets?: SecretStore;
  /** Seconds the computer has been idle, where the host can tell (Electron's powerMonitor). */
  systemIdleSeconds?: () => number;
};

export type { UpdateSource } from './handlers/handler-deps.ts';

export type Core = {
  local: LocalDb;
  /** What an update or a quit would interrupt: timers running for the signed-in user, commands not yet sent. */
  workInProgress: () => WorkInProgress;
  /** This workstation's update channel (a setting; stable by default). */
  updateChannel: () => UpdateChannel;
  /** The Electron composition root plugs its updater in once the core exists. */
  setUpdateSource: (source: UpdateSource) => void;
  secrets: SecretStore;
  handlers: HostHandlers;
  events: CoreEvents;
  sync: SyncEngine;
  timer: TimerService;
  close: () => Promise<void>;
};

export const localDatabaseFile = (dataDirectory: string): string => join(dataDirectory, 'presidio.sqlite');

/** Builds the console's core: the same in Electron main, the browser host and tests. */
export const createCore = (options: CoreOptions): Core => {
  const local = openLocalDatabase(localDatabaseFile(options.dataDirectory));
  const events = createCoreEvents();
  const clock = options.clock ?? (() => new Date());
  const schemaVersion = migrations.at(-1)?.id ?? 'none';
  const secrets = options.secrets ?? userFileSecretStore(options.dataDirectory);
  const sync = createSyncEngine({
    sqlite: local.sqlite,
    secrets,
    events,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.syncPageSize ? { pageSize: options.syncPageSize } : {}),
    ...(options.onPageApplied ? { onPageApplied: options.onPageApplied } : {}),
    ...(options.pullWorkerUrl !== undefined ? { pullWorkerUrl: options.pullWorkerUrl } : {}),
  });
  // Work is stamped with the server-aligned time, so a workstation whose clock is off keeps working.
  const stampClock = () => sync.alignedNow();
  const timer = createTimerService({ sqlite: local.sqlite, sync, clock: stampClock });
  const intake = createIntakeService({ sqlite: local.sqlite, sync, clock: stampClock });
  const repairs = createRepairService({ sqlite: local.sqlite, sync, clock: stampClock });
  let updateSource: UpdateSource | null = null;
  const updateChannel = (): UpdateChannel => readSetting(local.sqlite, 'update.channel', z.enum(updateChannels)) ?? 'stable';
  const workInProgress = (): WorkInProgress => {
    const { user, pending } = sync.status();
    return { runningTimers: user ? countRunningInterventions(local.sqlite, user.id) : 0, pendingCommands: pending };
  };
  const assertLeadSignedIn = (message: string) => {
    const user = sync.status().user;
    if (!user || !isLead({ id: user.id, role: user.role })) throw new AppFailure('forbidden', message);
  };
  const assertAdminSignedIn = (message: string) => {
    if (sync.status().user?.role !== 'admin') throw new AppFailure('forbidden', message);
  };

  const deps: HandlerDeps = {
    local,
    sync,
    online: createOnlineReads(sync.client),
    timer,
    intake,
    repairs,
    stampClock,
    app: { version: options.version, host: options.host, dataDirectory: options.dataDirectory, schemaVersion, systemIdleSeconds: options.systemIdleSeconds },
    updates: { source: () => updateSource, channel: updateChannel },
    assertLeadSignedIn,
    assertAdminSignedIn,
    emit: (event, payload) => events.emit(event, payload),
  };
  // One group of named handlers per domain (handlers/*.handlers.ts); the contract says they are all here.
  const handlers: HostHandlers = {
    ...appHandlers(deps),
    ...ticketHandlers(deps),
    ...syncHandlers(deps),
    ...timerHandlers(deps),
    ...repairHandlers(deps),
    ...reviewHandlers(deps),
    ...reportHandlers(deps),
    ...portalHandlers(deps),
    ...adminHandlers(deps),
  };

  let heartbeat: NodeJS.Timeout | undefined;
  let callWatch: NodeJS.Timeout | undefined;
  if (options.autoSync) {
    timer.recover();
    sync.start();
    heartbeat = setInterval(() => timer.heartbeat(), heartbeatIntervalMs);
    heartbeat.unref();
    callWatch = watchCalls(sync);
  }
  return {
    local,
    workInProgress,
    updateChannel,
    setUpdateSource: (source) => {
      updateSource = source;
    },
    secrets,
    handlers,
    events,
    sync,
    timer,
    close: async () => {
      clearInterval(heartbeat);
      clearInterval(callWatch);
      await sync.close();
      await local.close();
    },
  };
};
