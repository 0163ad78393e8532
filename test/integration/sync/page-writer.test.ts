import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDb } from '../../../src/main/core/db/database.ts';
import { writeTransaction } from '../../../src/main/core/db/write-transaction.ts';
import { readSetting, writeSetting } from '../../../src/main/core/settings/settings.repository.ts';
import { openPageWriter, type PageWriter } from '../../../src/main/core/sync/pull-connection.ts';
import type { PageWork } from '../../../src/main/core/sync/page-store.ts';
import { newId } from '../../../src/shared/ids.ts';
import type { Change } from '../../../src/shared/sync/protocol.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const workerUrl = new URL('../../../src/main/core/sync/pull-worker.ts', import.meta.url);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const open = (url: URL | null): { local: LocalDb; writer: PageWriter } => {
  const dir = makeTempDirectory();
  const local = openLocalDatabase(`${dir.path}/presidio.sqlite`);
  const writer = openPageWriter(local.sqlite, url);
  cleanups.push(dir.remove, () => local.close(), () => writer.close());
  return { local, writer };
};

const users = (count: number, seq = 0): Change[] =>
  Array.from({ length: count }, (_, index) => {
    const id = newId();
    return { seq: seq + index + 1, entity: 'user', id, op: 'upsert', data: { id, email: `u${seq + index}@test.it`, displayName: `Utente ${index}`, role: 'technician' } };
  });

const page = (from: number, to: number): PageWork => ({
  context: null,
  at: new Date().toISOString(),
  settings: [{ key: 'sync.replica', value: { cursor: to } }],
  expect: { key: 'sync.replica', cursor: from },
});

describe.each([
  ['worker thread', workerUrl],
  ['this thread', null],
] as const)('pulled pages stored on %s', (_, url) => {
  it('stores pages in order in short transactions and moves the cursor with each page', async () => {
    const { local, writer } = open(url);
    await writer.ready;
    writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
    // Sent together, as the pull does with pages fetched ahead: they are stored one after another.
    const stored = await Promise.all([writer.store(users(3000), page(0, 3000)), writer.store(users(10, 3000), page(3000, 3010))]);
    expect(stored[0]!.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(3000);
    expect(stored[0]!.length).toBeGreaterThan(1);
    expect(local.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 3010 });
    expect(JSON.parse((local.sqlite.prepare("SELECT value FROM settings WHERE key = 'sync.replica'").get() as { value: string }).value)).toEqual({ cursor: 3010 });
  });

  it('refuses a page that does not start where the replica is, so no change is ever skipped', async () => {
    const { local, writer } = open(url);
    writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
    await expect(writer.store(users(5, 10), page(10, 15))).rejects.toThrow(/fuori sequenza/);
    expect(local.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    await writer.store(users(5), page(0, 5));
    expect(local.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 5 });
  });
});

it('a pull worker that cannot start leaves the pages to this thread', async () => {
  const { local, writer } = open(new URL('./no-such-worker.ts', import.meta.url));
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  await writer.ready;
  await writer.store(users(4), page(0, 4));
  expect(local.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 4 });
});

it('the core’s own writes during a worker’s pull wait their turn instead of failing', async () => {
  const { local, writer } = open(workerUrl);
  await writer.ready;
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  const pages = Array.from({ length: 20 }, (_, index) => writer.store(users(500, index * 500), page(index * 500, (index + 1) * 500)));
  let done = false;
  const storing = Promise.all(pages).finally(() => {
    done = true;
  });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let writes = 0;
  while (!done) {
    // A command reads, decides, then writes: the worker commits pages all the while.
    writeTransaction(local.sqlite, () => {
      const count = readSetting(local.sqlite, 'test.writes', z.number()) ?? 0;
      Atomics.wait(pause, 0, 0, 2);
      writeSetting(local.sqlite, 'test.writes', count + 1);
    });
    writes += 1;
    // The technician's next action comes a little later.
    await sleep(5);
  }
  await storing;
  expect(writes).toBeGreaterThan(5);
  expect(readSetting(local.sqlite, 'test.writes', z.number())).toBe(writes);
  expect(local.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 10_000 });
});
