import type { ApiClient } from './sync/api-client.ts';
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
import { getTicket, listActiveInterventions, listTickets } from './tickets/ticket.service.ts';
import { listTeam, userDisplayName } from './users/user.repository.ts';
import { readTeamDay } from './review/team-day.service.ts';
import { readSupportCalendar } from './calendar/calendar.repository.ts';
import { readQualityWeekView } from './quality/quality.service.ts';
import { countRunningInterventions } from './sync/replica.repository.ts';
import { readSetting, writeSetting } from './settings/settings.repository.ts';
import { updateChannels, type UpdateChannel, type WorkInProgress } from './updates/update-policy.ts';
import { notApplicableUpdateStatus, type UpdateStatus } from '../../shared/updates/update-status.ts';
import { z } from 'zod';
import { AppFailure } from '../../shared/result.ts';
import { isLead } from '../../shared/sync/rules.ts';
import { createTimerService, heartbeatIntervalMs, type TimerService } from './timer/timer.service.ts';

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

/** The desktop updater, as the core sees it (absent in the browser host and in development). */
export type UpdateSource = { status: () => UpdateStatus; setChannel: (channel: UpdateChannel) => UpdateStatus };

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
  const done = { ok: true as const };
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

  /** A lead's administration that lives on the API (the portal, J2K keys): refused to others here too. */
  const leadOnline = <T>(read: (api: ApiClient) => Promise<T>): Promise<T> => {
    assertLeadSignedIn('Questa funzione è riservata ai team leader e agli amministratori.');
    return sync.online(read);
  };

  const handlers: HostHandlers = {
    'app.info': () => ({ version: options.version, host: options.host, dataDirectory: options.dataDirectory, schemaVersion }),
    'tickets.list': (query) => listTickets(local.db, query, sync.status().user?.id ?? null),
    'tickets.get': ({ id }) => getTicket(local.db, id),
    'commands.execute': ({ name, args }) => {
      sync.execute(name, args);
      return { queued: true as const };
    },
    'sync.status': () => sync.status(),
    'sync.login': ({ serverUrl, email, password }) => sync.login(serverUrl, email, password),
    'sync.logout': () => sync.logout(),
    'sync.now': () => sync.syncNow(),
    'sync.rejected': () => sync.rejected(),
    'sync.discard': ({ mutationId }) => {
      sync.discardRejected(mutationId);
      return sync.status();
    },
    'sync.quarantine': () => sync.quarantined(),
    'sync.realign': () => sync.realign(),
    'sync.retry': ({ mutationId }) => {
      sync.retryRejected(mutationId);
      return sync.status();
    },
    'customers.search': ({ query }) => intake.searchCustomers(query),
    'tickets.intake': (input) => intake.create(input),
    'tickets.close': ({ ticketId, cause, resolution }) => {
      sync.execute('ticket.close', { ticketId, cause, resolution, closedAt: stampClock().toISOString() });
      return { closed: true as const };
    },
    // Signed out, nobody has timers on this workstation (the previous user's are not shown).
    'timer.active': () => {
      const user = sync.status().user;
      return user ? listActiveInterventions(local.db, user.id) : [];
    },
    'timer.start': (input) => timer.start(input),
    'timer.pause': ({ interventionId }) => (timer.pause(interventionId), done),
    'timer.resume': ({ interventionId, pauseRunning }) => (timer.resume(interventionId, pauseRunning === true), done),
    'timer.stop': ({ interventionId }) => (timer.stop(interventionId), done),
    'timer.discardIdle': ({ interventionId, idleSince }) => (timer.discardIdle(interventionId, idleSince), done),
    'timer.acknowledge': ({ segmentId }) => (timer.acknowledge(segmentId), done),
    'system.idle': () => ({ idleSeconds: options.systemIdleSeconds ? options.systemIdleSeconds() : null }),
    'devices.findBySerial': ({ serial }) => repairs.findDevice(serial),
    'repairs.list': (filter) => repairs.list(filter),
    'repairs.create': (input) => repairs.create(input),
    'repairs.update': (args) => (sync.execute('repair.update', { ...args, loggedAt: stampClock().toISOString() }), done),
    'repairs.advance': (args) => (sync.execute('repair.advance', args), done),
    'users.list': () => listTeam(local.db),
    'review.audit': (request) => sync.auditTrail(request),
    'update.status': () => updateSource?.status() ?? notApplicableUpdateStatus(updateChannel()),
    'update.setChannel': ({ channel }) => {
      writeSetting(local.sqlite, 'update.channel', channel);
      return updateSource ? updateSource.setChannel(channel) : notApplicableUpdateStatus(channel);
    },
    'review.consoles': () => {
      assertLeadSignedIn('Lo stato delle postazioni è riservato ai team leader.');
      return sync.consoles();
    },
    'review.mail': () => {
      assertLeadSignedIn('La posta in uscita è riservata ai team leader e agli amministratori.');
      return sync.outbox();
    },
    'review.mailRetry': ({ id }) => sync.retryMail(id),
    'reports.statements': ({ month }) => {
      assertLeadSignedIn('I rendiconti mensili sono riservati ai team leader e agli amministratori.');
      return sync.monthStatements(month);
    },
    'reports.statementFile': async ({ month, customerCode }) => {
      assertLeadSignedIn('I rendiconti mensili sono riservati ai team leader e agli amministratori.');
      const { bytes } = await sync.statementFile(month, customerCode);
      return customerCode
        ? { fileName: `rendiconto-${month}-${customerCode.replaceAll(/[^A-Za-z0-9._-]/g, '_')}.pdf`, mimeType: 'application/pdf' as const, base64: bytes.toString('base64') }
        : { fileName: `rendiconto-${month}.csv`, mimeType: 'text/csv' as const, base64: bytes.toString('base64') };
    },
    'portal.invite': (request) => leadOnline((api) => api.portal.invite(request)),
    'portal.contacts': ({ customerId }) => leadOnline((api) => api.portal.contacts(customerId)),
    'portal.disableContact': ({ id }) => leadOnline((api) => api.portal.disableContact(id)),
    'portal.offers': () => leadOnline((api) => api.portal.offers()),
    'portal.setOffer': (request) => leadOnline((api) => api.portal.setOffer(request)),
    'portal.orders': () => leadOnline((api) => api.portal.orders()),
    'portal.confirmOrder': ({ id }) => leadOnline((api) => api.portal.confirmOrder(id)),
    'portal.cancelOrder': ({ id }) => leadOnline((api) => api.portal.cancelOrder(id)),
    'intake.keys': ({ customerId }) => leadOnline((api) => api.intake.keys(customerId)),
    'intake.issueKey': ({ customerId, label }) => leadOnline((api) => api.intake.issueKey(customerId, label)),
    'intake.revokeKey': ({ id }) => leadOnline((api) => api.intake.revokeKey(id)),
    'calendar.get': async () => {
      const { revision, calendar, updatedAt, updatedBy } = readSupportCalendar(local.sqlite);
      const updatedByName = updatedBy ? await userDisplayName(local.db, updatedBy) : null;
      return { revision, calendar, updatedAt: revision === 0 ? null : updatedAt, updatedByName };
    },
    'review.day': ({ day, technicianId }) => {
      // A technician's replica holds the same rows, but the team's day is a lead's screen, here as in the renderer.
      assertLeadSignedIn('La giornata del team è riservata ai team leader.');
      return readTeamDay(local.db, day, stampClock(), technicianId ?? null);
    },
    'quality.record': (args) => (sync.execute('quality.record', { ...args, at: stampClock().toISOString() }), done),
    'quality.week': ({ week }) => {
      assertLeadSignedIn('Le chiamate di qualità sono riservate ai team leader.');
      return readQualityWeekView(local.sqlite, local.db, week);
    },
  };

  let heartbeat: NodeJS.Timeout | undefined;
  if (options.autoSync) {
    timer.recover();
    sync.start();
    heartbeat = setInterval(() => timer.heartbeat(), heartbeatIntervalMs);
    heartbeat.unref();
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
      await sync.close();
      await local.close();
    },
  };
};
