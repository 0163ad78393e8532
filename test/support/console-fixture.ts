import { createCore, type Core } from '../../src/main/core/core.ts';
import type { Fetch } from '../../src/main/core/sync/api-client.ts';
import { makeTempDirectory } from './temp-directory.ts';
import { password } from './server-fixture.ts';

/** A console's core with its own SQLite file, talking to a real central API over HTTP. */
export const openConsole = async (options: { serverUrl: string; email: string; password?: string; fetch?: Fetch; pageSize?: number; dataDirectory?: string; login?: boolean; clock?: () => Date }) => {
  const dir = options.dataDirectory ? null : makeTempDirectory('presidio-console-');
  const dataDirectory = options.dataDirectory ?? dir!.path;
  const core: Core = createCore({
    dataDirectory,
    host: 'browser',
    version: 'test',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.pageSize ? { syncPageSize: options.pageSize } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // A restarted console keeps its stored session: it must start offline, without logging in again.
  if (options.login !== false) await core.sync.login(options.serverUrl, options.email, options.password ?? password);
  return {
    core,
    dataDirectory,
    execute: (name: string, args: unknown) => core.sync.execute(name, args),
    sync: () => core.sync.syncNow(),
    close: async () => {
      await core.close();
    },
    remove: async () => {
      await core.close();
      dir?.remove();
    },
  };
};
export type TestConsole = Awaited<ReturnType<typeof openConsole>>;

/** A comparable picture of what a replica holds, in the wire's terms. */
export const consoleState = (core: Core) => {
  const sqlite = core.local.sqlite;
  return {
    tickets: sqlite.prepare('SELECT id, number, status, priority, subject, assignee_id, cause FROM tickets ORDER BY id').all(),
    interventions: sqlite.prepare('SELECT id, ticket_id, technician_id, status, notes, approved, started_at, stopped_at FROM interventions ORDER BY id').all(),
    segments: sqlite.prepare('SELECT id, intervention_id, started_at, ended_at FROM timer_segments ORDER BY id').all(),
    devices: sqlite.prepare('SELECT id, customer_id, serial, purchase_date, warranty_months FROM devices ORDER BY id').all(),
    repairs: sqlite.prepare('SELECT id, device_id, status, warranty_covered FROM repairs ORDER BY id').all(),
  };
};
