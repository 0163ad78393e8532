import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDb } from '../../../src/main/core/db/database.ts';
import { writeTransaction } from '../../../src/main/core/db/write-transaction.ts';
import { readSetting, writeSetting } from '../../../src/main/core/settings/settings.repository.ts';
import {
  inThreadPageWriter,
  openPageWriter,
  workerPageRows,
  workerPageWriter,
  type PageWriter,
} from '../../../src/main/core/sync/pull-connection.ts';
import type { ChunkTiming, PageWork } from '../../../src/main/core/sync/page-store.ts';
import { newId } from '../../../src/shared/ids.ts';
import type { Change } from '../../../src/shared/sync/protocol.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

const workerUrl = new URL('../../../src/main/core/sync/pull-worker.ts', import.meta.url);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type Writers = (local: LocalDb) => PageWriter;
const onWorker: Writers = (local) => workerPageWriter(local.sqlite.name, workerUrl, () => inThreadPageWriter(local.sqlite), local.sqlite);
const onThisThread: Writers = (local) => inThreadPageWriter(local.sqlite);

const open = (writers: Writers): { local: LocalDb; writer: PageWriter } => {
  const dir = makeTempDirectory();
  const local = openLocalDatabase(`${dir.path}/presidio.sqlite`);
  const writer = writers(local);
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

const countUsers = (local: LocalDb) => local.sqlite.prepare('SELECT count(*) AS n FROM users').get();
const cursorOf = (local: LocalDb) => readSetting(local.sqlite, 'sync.replica', z.object({ cursor: z.number() }))?.cursor;

describe.each([
  ['worker thread', onWorker],
  ['this thread', onThisThread],
] as const)('pulled pages stored on %s', (_, writers) => {
  it('stores pages in order in short transactions and moves the cursor with each page', async () => {
    const { local, writer } = open(writers);
    writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
    // Sent together, as the pull does with pages fetched ahead: they are stored one after another.
    const stored = await Promise.all([writer.store(users(3000), page(0, 3000)), writer.store(users(10, 3000), page(3000, 3010))]);
    expect(stored[0]!.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(3000);
    expect(stored[0]!.length).toBeGreaterThan(1);
    expect(countUsers(local)).toEqual({ n: 3010 });
    expect(cursorOf(local)).toBe(3010);
  });

  it('refuses a page that does not start where the replica is, so no change is ever skipped', async () => {
    const { local, writer } = open(writers);
    writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
    await expect(writer.store(users(5, 10), page(10, 15))).rejects.toThrow(/fuori sequenza/);
    expect(countUsers(local)).toEqual({ n: 0 });
    await writer.store(users(5), page(0, 5));
    expect(countUsers(local)).toEqual({ n: 5 });
  });
});

it('a pull worker that cannot start leaves the pages to this thread', async () => {
  const { local, writer } = open((db) => workerPageWriter(db.sqlite.name, new URL('./no-such-worker.ts', import.meta.url), () => inThreadPageWriter(db.sqlite)));
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  await writer.store(users(4), page(0, 4));
  expect(countUsers(local)).toEqual({ n: 4 });
});

it('a large pull moves to the worker, small pages stay on this thread, and every page lands in order', async () => {
  const { local, writer } = open((db) => openPageWriter(db.sqlite, workerUrl));
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  const chunks: ChunkTiming[] = [];
  const storedOnWorker = () => chunks.filter((chunk) => chunk.onWorker).reduce((sum, chunk) => sum + chunk.rows, 0);
  let from = 0;
  const inFlight: Array<Promise<unknown>> = [];
  const send = async (size: number) => {
    // As the pull does: up to three pages sent ahead of the one being stored.
    inFlight.push(writer.store(users(size, from), page(from, from + size)).then((timings) => chunks.push(...timings)));
    if (inFlight.length >= 3) await inFlight.shift();
    from += size;
    await sleep(10);
  };
  await send(3);
  // Large pages until the worker (which takes a moment to start) has stored some, then a few more and a small one.
  for (let pages = 0; storedOnWorker() === 0 && pages < 1000; pages += 1) await send(workerPageRows);
  for (const size of [workerPageRows, 7, workerPageRows, workerPageRows]) await send(size);
  await Promise.all(inFlight);
  expect(countUsers(local)).toEqual({ n: from });
  expect(cursorOf(local)).toBe(from);
  // Every large page went to the worker; the small ones (3 and 7 rows) stayed here.
  expect(storedOnWorker()).toBe(from - 3 - 7);
});

it('pages sent together across a switch of writer are stored in the order they came', async () => {
  const { local, writer } = open((db) => openPageWriter(db.sqlite, workerUrl));
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  // A large page starts the worker (stored here meanwhile); then, once it runs, a small page
  // (this thread) and three large ones (the worker) are sent without waiting for each other.
  await writer.store(users(workerPageRows), page(0, workerPageRows));
  let from = workerPageRows;
  let onWorkerRows = 0;
  for (let attempt = 0; onWorkerRows === 0 && attempt < 100; attempt += 1) {
    await sleep(50);
    const sizes = [5, workerPageRows, workerPageRows, workerPageRows];
    const batch = sizes.map((size) => {
      const stored = writer.store(users(size, from), page(from, from + size));
      from += size;
      return stored;
    });
    onWorkerRows += (await Promise.all(batch)).flat().filter((chunk) => chunk.onWorker).reduce((sum, chunk) => sum + chunk.rows, 0);
  }
  expect(onWorkerRows).toBeGreaterThan(0);
  expect(countUsers(local)).toEqual({ n: from });
  expect(cursorOf(local)).toBe(from);
});

it('a console that only pulls small pages never starts a worker', async () => {
  const { local, writer } = open((db) => openPageWriter(db.sqlite, workerUrl));
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  const timings = [...(await writer.store(users(20), page(0, 20))), ...(await writer.store(users(30, 20), page(20, 50)))];
  expect(timings.some((chunk) => chunk.onWorker)).toBe(false);
  expect(countUsers(local)).toEqual({ n: 50 });
});

it('the core’s own writes during a worker’s pull wait their turn instead of failing', async () => {
  const { local, writer } = open(onWorker);
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
  expect(countUsers(local)).toEqual({ n: 10_000 });
});

it('a write that does not announce itself still gets the lock during a worker’s pull (a turn every 100 ms at the latest)', async () => {
  const { local, writer } = open(onWorker);
  writeSetting(local.sqlite, 'sync.replica', { cursor: 0 });
  const pages = Array.from({ length: 20 }, (_, index) => writer.store(users(500, index * 500), page(index * 500, (index + 1) * 500)));
  let done = false;
  const storing = Promise.all(pages).finally(() => {
    done = true;
  });
  let writes = 0;
  while (!done) {
    // Straight through better-sqlite3, not writeTransaction: the worker is not told.
    local.sqlite.transaction(() => writeSetting(local.sqlite, 'test.unannounced', writes + 1)).immediate();
    writes += 1;
    await sleep(5);
  }
  await storing;
  expect(writes).toBeGreaterThan(2);
  expect(readSetting(local.sqlite, 'test.unannounced', z.number())).toBe(writes);
  expect(countUsers(local)).toEqual({ n: 10_000 });
});
