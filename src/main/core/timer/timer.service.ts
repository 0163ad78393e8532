import type BetterSqlite3 from 'better-sqlite3';
import { newId } from '../../../shared/ids.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';
import { writeTransaction } from '../db/write-transaction.ts';

/** A heartbeat older than this at start-up means the console stopped without pausing: a crash or a power cut. */
export const crashGapMs = 90_000;
export const heartbeatIntervalMs = 15_000;

export type TimerStartInput = {
  ticketId: string;
  mode: 'phone' | 'remote' | 'on_site' | 'vendor_site';
  activity: string;
  backupCheck: 'confirmed' | 'not_needed_phone_info';
  deviceId?: string | null;
  /** Pause the technician's running intervention first (the console asked and they agreed). */
  pauseRunning?: boolean;
  softwareUpToDate?: boolean | null;
  conformingSetup?: boolean | null;
};

/**
 * The intervention timer. Truth is the segments, written as commands (so they sync) the moment
 * they happen; a heartbeat on the open segment lets a restart tell a crash from a quick reload.
 */
export const createTimerService = (options: { sqlite: BetterSqlite3.Database; sync: SyncEngine; clock: () => Date }) => {
  const { sqlite, sync, clock } = options;
  const me = () => {
    const user = sync.status().user;
    if (!user) throw new AppFailure('unauthorized', 'Accedi all’API centrale almeno una volta per registrare interventi.');
    return user.id;
  };
  // Each command runs in its own transaction; nested here they become savepoints of one.
  const atomically = (work: () => void) => writeTransaction(sqlite, work);
  const runningOf = (technicianId: string) =>
    sqlite
      .prepare<[string], { id: string }>("SELECT id FROM interventions WHERE technician_id = ? AND status = 'running'")
      .all(technicianId);

  const pauseOthers = (technicianId: string, except: string | null, allowed: boolean) => {
    const running = runningOf(technicianId).filter((row) => row.id !== except);
    if (running.length === 0) return;
    if (!allowed) {
      throw new AppFailure('conflict', 'Un altro intervento è in corso: mettilo in pausa per continuare.', {
        runningInterventionId: running[0]?.id,
      });
    }
    for (const row of running) sync.execute('intervention.pause', { interventionId: row.id, at: clock().toISOString() });
  };

  return {
    start(input: TimerStartInput): { interventionId: string } {
      const technicianId = me();
      const interventionId = newId();
      // Pausing the other timer and starting this one happen together or not at all.
      atomically(() => {
        pauseOthers(technicianId, null, input.pauseRunning === true);
        sync.execute('intervention.start', {
          id: interventionId,
          ticketId: input.ticketId,
          segmentId: newId(),
          deviceId: input.deviceId ?? null,
          mode: input.mode,
          activity: input.activity,
          backupCheck: input.backupCheck,
          startedAt: clock().toISOString(),
          softwareUpToDate: input.softwareUpToDate ?? null,
          conformingSetup: input.conformingSetup ?? null,
        });
      });
      return { interventionId };
    },
    pause(interventionId: string): void {
      sync.execute('intervention.pause', { interventionId, at: clock().toISOString() });
    },
    resume(interventionId: string, pauseRunning = false): void {
      atomically(() => {
        pauseOthers(me(), interventionId, pauseRunning);
        sync.execute('intervention.resume', { interventionId, segmentId: newId(), at: clock().toISOString() });
      });
    },
    stop(interventionId: string): void {
      sync.execute('intervention.stop', { interventionId, at: clock().toISOString() });
    },
    /** Idle time the technician chose to discard: the open segment ends when the idleness began. */
    discardIdle(interventionId: string, idleSince: string): void {
      const segment = sqlite
        .prepare<[string], { started_at: string }>('SELECT started_at FROM timer_segments WHERE intervention_id = ? AND ended_at IS NULL')
        .get(interventionId);
      if (!segment) throw new AppFailure('stale', 'L’intervento non è in corso.');
      const at = idleSince < segment.started_at ? segment.started_at : idleSince;
      atomically(() => {
        sync.execute('intervention.pause', { interventionId, at });
        sync.execute('intervention.resume', { interventionId, segmentId: newId(), at: clock().toISOString() });
      });
    },
    acknowledge(segmentId: string): void {
      const segment = sqlite.prepare<[string], { intervention_id: string }>('SELECT intervention_id FROM timer_segments WHERE id = ?').get(segmentId);
      if (!segment) throw new AppFailure('not_found', 'Segmento di lavoro non trovato.');
      sync.execute('intervention.confirmSegment', { interventionId: segment.intervention_id, segmentId });
    },
    heartbeat(): void {
      const user = sync.status().user;
      if (!user) return;
      sqlite
        .prepare(
          `UPDATE timer_segments SET heartbeat_at = ? WHERE ended_at IS NULL
           AND intervention_id IN (SELECT id FROM interventions WHERE technician_id = ? AND status = 'running')`,
        )
        .run(clock().toISOString(), user.id);
    },
    /**
     * At start-up: a running timer whose last heartbeat is recent keeps running (a reload, a quick
     * restart). One silent for longer was cut by a crash: its segment ends at the last heartbeat,
     * is flagged for the technician to confirm, and the timer goes on from now.
     */
    recover(): string[] {
      const user = sync.status().user;
      if (!user) return [];
      const now = clock();
      const cut = sqlite
        .prepare<[string], { segment_id: string; intervention_id: string; heartbeat_at: string }>(
          `SELECT s.id AS segment_id, s.intervention_id, s.heartbeat_at FROM timer_segments s
           JOIN interventions i ON i.id = s.intervention_id
           WHERE s.ended_at IS NULL AND i.status = 'running' AND i.technician_id = ?`,
        )
        .all(user.id)
        .filter((row) => now.getTime() - Date.parse(row.heartbeat_at) > crashGapMs);
      for (const row of cut) {
        atomically(() => {
          sync.execute('intervention.pause', { interventionId: row.intervention_id, at: row.heartbeat_at, crashCut: true });
          sync.execute('intervention.resume', { interventionId: row.intervention_id, segmentId: newId(), at: now.toISOString() });
        });
      }
      return cut.map((row) => row.segment_id);
    },
  };
};
export type TimerService = ReturnType<typeof createTimerService>;
