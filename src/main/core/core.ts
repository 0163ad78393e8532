import { join } from 'node:path';
import type { HostHandlers } from '../../shared/host-api/contract.ts';
import { createCoreEvents, type CoreEvents } from './core-events.ts';
import { openLocalDatabase, type LocalDb } from './db/database.ts';
import { migrations } from './db/migrations/index.ts';
import { getTicket, listTickets } from './tickets/ticket.service.ts';

export type CoreOptions = {
  dataDirectory: string;
  host: 'electron' | 'browser';
  version: string;
};

export type Core = {
  local: LocalDb;
  handlers: HostHandlers;
  events: CoreEvents;
  close: () => Promise<void>;
};

export const localDatabaseFile = (dataDirectory: string): string => join(dataDirectory, 'presidio.sqlite');

/** Builds the console's core: the same in Electron main, the browser host and tests. */
export const createCore = (options: CoreOptions): Core => {
  const local = openLocalDatabase(localDatabaseFile(options.dataDirectory));
  const events = createCoreEvents();
  const schemaVersion = migrations.at(-1)?.id ?? 'none';
  const handlers: HostHandlers = {
    'app.info': () => ({
      version: options.version,
      host: options.host,
      dataDirectory: options.dataDirectory,
      schemaVersion,
    }),
    'tickets.list': (query) => listTickets(local.db, query),
    'tickets.get': ({ id }) => getTicket(local.db, id),
  };
  return { local, handlers, events, close: () => local.close() };
};
