import type { HostChannel, HostHandlers } from '../../../shared/host-api/contract.ts';
import type { CoreEvents } from '../core-events.ts';
import type { UpdateStatus } from '../../../shared/updates/update-status.ts';
import type { LocalDb } from '../db/database.ts';
import type { RepairService } from '../repairs/repair.service.ts';
import type { OnlineReads } from '../sync/online-reads.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';
import type { IntakeService } from '../tickets/intake.service.ts';
import type { TimerService } from '../timer/timer.service.ts';
import type { UpdateChannel } from '../updates/update-policy.ts';

/** The desktop updater, as the core sees it (absent in the browser host and in development). */
export type UpdateSource = { status: () => UpdateStatus; setChannel: (channel: UpdateChannel) => UpdateStatus };

/** What the core hands each group of host handlers. */
export type HandlerDeps = {
  local: LocalDb;
  sync: SyncEngine;
  online: OnlineReads;
  timer: TimerService;
  intake: IntakeService;
  repairs: RepairService;
  /** The server-aligned clock work is stamped with. */
  stampClock: () => Date;
  app: { version: string; host: 'electron' | 'browser'; dataDirectory: string; schemaVersion: string; systemIdleSeconds?: (() => number) | undefined };
  updates: { source: () => UpdateSource | null; channel: () => UpdateChannel };
  /** Refuses the call, in the given words, unless a team lead or admin is signed in. */
  assertLeadSignedIn: (message: string) => void;
  /** The same for an admin. */
  assertAdminSignedIn: (message: string) => void;
  /** Pushes an event to the renderer (progress of long work). */
  emit: CoreEvents['emit'];
};

/** One domain's handlers: named channels of the contract, grouped as Actual groups its handlers. */
export type HandlerGroup<C extends HostChannel> = Pick<HostHandlers, C>;

export const done = { ok: true as const };
