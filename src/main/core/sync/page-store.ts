import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { parseCommand } from '../../../shared/sync/commands.ts';
import type { DecisionContext } from '../../../shared/sync/model/command-effects.ts';
import type { Change } from '../../../shared/sync/protocol.ts';
import { commandTargets, type EntityRef } from '../../../shared/sync/targets.ts';
import { readSetting, writeSetting } from '../settings/settings.repository.ts';
import { createLocalCommands, type LocalCommands } from './local-commands.ts';
import {
  allPendingOutboxRows,
  hasQuarantine,
  quarantineChange,
  releaseFromQuarantine,
  restoresDone,
} from './outbox.repository.ts';
import { createPullApplier } from './pull-apply.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { setTicketIndexing } from '../db/ticket-indexing.ts';

/**
 * What a stored page carries besides its rows, as plain data (it may cross to the pull worker):
 * the context pending commands are re-decided in, the instant for quarantine entries, and the
 * bookkeeping committed with the page's last rows (the new cursor, restores done).
 */
export type PageWork = {
  context: DecisionContext | null;
  at: string;
  settings?: Array<{ key: string; value: unknown }>;
  restoresDone?: EntityRef[];
  /** The cursor the page starts from, as the setting must still hold it: otherwise the page is refused. */
  expect?: { key: string; cursor: number };
  /** Part of a first pull: tickets are indexed for search once at its end, not as they arrive. */
  deferSearch?: boolean;
};

const cursorSetting = z.object({ cursor: z.number() });

/** How long one transaction took, how many rows it held, and whether the pull worker stored it. */
export type ChunkTiming = { rows: number; milliseconds: number; onWorker?: boolean };

/** Re-applies pending commands (all, or those touching `touched`) on top of the replica's rows. */
export const replayPendingCommands = (
  sqlite: BetterSqlite3.Database,
  commands: LocalCommands,
  touched: ReadonlySet<string> | null,
  context: DecisionContext,
): void => {
  for (const row of allPendingOutboxRows(sqlite)) {
    const parsed = parseCommand(row.command, JSON.parse(row.payload));
    if (!parsed.ok) continue;
    if (touched && !commandTargets(parsed.command).some((ref) => touched.has(`${ref.entity}:${ref.id}`)))
      continue;
    try {
      // A savepoint each: one command that no longer fits never undoes the others.
      sqlite.transaction(() => commands.apply(parsed.command, context))();
    } catch {
      // The server will answer this command with its own verdict on the next push.
    }
  }
};

/**
 * Stores pulled rows on the pull connection, one transaction per chunk: the rows, the pending
 * commands they touch decided again on top (a technician never sees their own unsent work
 * vanish), and on the last chunk the page's bookkeeping. A row this replica refuses (a check the
 * server lacked, a malformed row) is quarantined, never allowed to fail the page: the cursor must
 * always move on. The fast path is one statement per row; only a failing chunk is retried row by
 * row to find the culprits.
 */
/** Rows stored between two looks at whether the core wants the lock (a few hundred microseconds of work). */
const rowsBetweenChecks = 64;

export const createPageStore = (sqlite: BetterSqlite3.Database) => {
  const applyPulled = createPullApplier(sqlite);
  let indexing = true;
  const commands = createLocalCommands(sqlite, applyPulled);

  const storeTolerantly = (changes: readonly Change[], at: string, hadQuarantine: boolean) => {
    try {
      sqlite.transaction(() => applyPulled(changes))();
      if (hadQuarantine) releaseFromQuarantine(sqlite, changes);
      return;
    } catch {
      // Find which rows the replica refuses.
    }
    for (const change of changes) {
      try {
        sqlite.transaction(() => applyPulled([change]))();
        if (hadQuarantine) releaseFromQuarantine(sqlite, [change]);
      } catch (error) {
        quarantineChange(sqlite, change, error instanceof Error ? error.message : String(error), at);
      }
    }
  };

  /**
   * Stores `changes` (or, when `shouldStop` answers true between batches, the first of them) in one
   * transaction; the page's bookkeeping goes with its last rows. Answers how many were stored.
   */
  const storeChunk = (changes: readonly Change[], work: PageWork, first: boolean, last: boolean, shouldStop?: () => boolean): number => {
    let stored = 0;
    if (indexing === Boolean(work.deferSearch)) {
      indexing = !work.deferSearch;
      setTicketIndexing(sqlite, indexing);
    }
    writeTransaction(sqlite, () => {
      if (
        first &&
        work.expect &&
        readSetting(sqlite, work.expect.key, cursorSetting)?.cursor !== work.expect.cursor
      ) {
        throw new Error('Pagina di sincronizzazione fuori sequenza: sarà chiesta di nuovo.');
      }
      const hadQuarantine = hasQuarantine(sqlite);
      while (stored < changes.length) {
        const batch = changes.slice(stored, stored + rowsBetweenChecks);
        storeTolerantly(batch, work.at, hadQuarantine);
        stored += batch.length;
        if (shouldStop?.()) break;
      }
      if (work.context) {
        replayPendingCommands(
          sqlite,
          commands,
          new Set(changes.slice(0, stored).map((change) => `${change.entity}:${change.id}`)),
          work.context,
        );
      }
      if (!last || stored < changes.length) return;
      for (const setting of work.settings ?? []) writeSetting(sqlite, setting.key, setting.value);
      if (work.restoresDone) restoresDone(sqlite, work.restoresDone);
    });
    return stored;
  };

  return { storeChunk };
};
export type PageStore = ReturnType<typeof createPageStore>;

/**
 * Stores a page chunk by chunk, sizing each on the time the previous one took; `between` runs
 * between chunks (the core's thread gives its event loop a breath there). `shouldStop` ends a chunk
 * early (the core wants the lock): the rest of the page follows in the next chunk.
 */
export const storeInChunks = async (
  storeChunk: PageStore['storeChunk'],
  sizer: ReturnType<typeof createChunkSizer>,
  changes: readonly Change[],
  work: PageWork,
  between?: () => Promise<unknown>,
  shouldStop?: () => boolean,
): Promise<ChunkTiming[]> => {
  const chunks: ChunkTiming[] = [];
  for (let start = 0; start < changes.length || start === 0;) {
    const size = sizer.next();
    const first = start === 0;
    const chunk = changes.slice(start, start + size);
    // The bookkeeping goes with the page's real last rows: a chunk ended early is not the last.
    const lastPlanned = start + size >= changes.length;
    const began = performance.now();
    const stored = storeChunk(chunk, work, first, lastPlanned, shouldStop);
    const milliseconds = performance.now() - began;
    chunks.push({ rows: stored, milliseconds });
    if (stored === size) sizer.took(size, milliseconds);
    // An empty page is one (empty) chunk: its bookkeeping still moves the cursor.
    if (changes.length === 0) break;
    start += stored;
    if (between && start < changes.length) await between();
  }
  return chunks;
};

/**
 * Rows per transaction that follow a time budget: rows cost very different amounts (a ticket feeds
 * the search index, a timer segment is a few bytes), so each chunk is sized on the time the
 * previous one took.
 */
export const createChunkSizer = (budgetMs: number) => {
  let rows = 200;
  return {
    next: () => rows,
    took: (size: number, milliseconds: number) => {
      rows = Math.round(Math.min(2_000, Math.max(25, (size * budgetMs) / Math.max(milliseconds, 1))));
    },
  };
};
