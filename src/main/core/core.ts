import { join } from 'node:path';
import type { HostHandlers } from '../../shared/host-api/contract.ts';
import { createCoreEvents, type CoreEvents } from './core-events.ts';
import { openLocalDatabase, type LocalDb } from './db/database.ts';
import { migrations } from './db/migrations/index.ts';
import { getTicket, listTickets } from './tickets/ticket.service.ts';
import { createSyncEngine, type SyncEngine } from './sync/sync-engine.ts';
import type { Fetch } from './sync/api-client.ts';

export type CoreOptions = {
  dataDirectory: string;
  host: 'electron' | 'browser';
  version: string;
  /** Tests and the bench inject their own fetch, clock and page size; production uses the defaults. */
  fetch?: Fetch;
  clock?: () => Date;
  syncPageSize?: number;
  onPageApplied?: (info: { rows: number; milliseconds: number }) => void;
  /** Start background sync (on start, after writes, periodically). Off in tests that drive it by hand. */
  autoSync?: boolean;
};

export type Core = {
  local: LocalDb;
  handlers: HostHandlers;
  events: CoreEvents;
  sync: SyncEngine;
  close: () => Promise<void>;
};

export const localDatabaseFile = (dataDirectory: string): string => join(dataDirectory, 'presidio.sqlite');

/** Builds the console's core: the same in Electron main, the browser host and tests. */
export const createCore = (options: CoreOptions): Core => {
  const local = openLocalDatabase(localDatabaseFile(options.dataDirectory));
  const events = createCoreEvents();
  const schemaVersion = migrations.at(-1)?.id ?? 'none';
  const sync = createSyncEngine({
    sqlite: local.sqlite,
    events,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.syncPageSize ? { pageSize: options.syncPageSize } : {}),
    ...(options.onPageApplied ? { onPageApplied: options.onPageApplied } : {}),
  });
  const handlers: HostHandlers = {
    'app.info': () => ({
      version: options.version,
      host: options.host,
      dataDirectory: options.dataDirectory,
      schemaVersion,
    }),
    'tickets.list': (query) => listTickets(local.db, query),
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
  };
  if (options.autoSync) sync.start();
  return {
    local,
    handlers,
    events,
    sync,
    close: async () => {
      sync.stop();
      await local.close();
    },
  };
};
