import { AppFailure } from '../../result.ts';
import type { SyncedRow } from '../entities.ts';
import type { QualityCandidate } from '../../review/quality-calls.ts';

/**
 * What a command may read before it decides. Each end loads the answers its own way (the console
 * from its replica, synchronously; the API from its database, locking the rows it reads), then
 * the shared decision runs over them. The reads depend only on the command's arguments, so they
 * can be listed before anything is loaded.
 */
export type RowEntity = 'ticket' | 'intervention' | 'device' | 'customer' | 'repair' | 'user' | 'hour_bank' | 'support_calendar' | 'quality_week' | 'billing_policy' | 'contract' | 'ticket_message' | 'work_report';
export type KeyEntity = 'ticket' | 'customer' | 'device';

export type ViewQuery =
  | { kind: 'row'; entity: RowEntity; id: string }
  | { kind: 'segments'; interventionId: string }
  | { kind: 'ticketInterventions'; ticketId: string }
  | { kind: 'ticketRepairs'; ticketId: string }
  /** A customer's contracts (overlaps are refused) and the work a contract change prices again. */
  | { kind: 'customerContracts'; customerId: string }
  | { kind: 'customerOpenWork'; customerId: string }
  /** Whether another record already holds a natural key (ticket number, customer code, device serial). */
  | { kind: 'keyTaken'; entity: KeyEntity; value: string; exceptId: string }
  /** A week's closed tickets and the customers sampled for quality calls in the 90 days before it. */
  | { kind: 'qualityCandidates'; week: string }
  /** The repairs and interventions done on a device: what its warranty verdict prices. */
  | { kind: 'deviceWork'; deviceId: string };

/** The ids of a customer's work not yet settled: finished interventions of open tickets, repairs ready and not yet returned. */
export type OpenWork = { interventionIds: string[]; repairIds: string[] };

export type DeviceWork = { repairs: Array<SyncedRow<'repair'>>; interventions: Array<SyncedRow<'intervention'>> };

export type QualityCandidates = { candidates: QualityCandidate[]; recentlySampledCustomers: string[] };

export type RowOf<E extends RowEntity> = SyncedRow<E>;

export type ViewAnswers = {
  rows: Map<string, unknown>;
  segments: Map<string, Array<SyncedRow<'timer_segment'>>>;
  ticketInterventions: Map<string, Array<SyncedRow<'intervention'>>>;
  ticketRepairs: Map<string, Array<SyncedRow<'repair'>>>;
  customerContracts: Map<string, Array<SyncedRow<'contract'>>>;
  customerOpenWork: Map<string, OpenWork>;
  keysTaken: Map<string, boolean>;
  qualityCandidates: Map<string, QualityCandidates>;
  deviceWork: Map<string, DeviceWork>;
};

export const emptyAnswers = (): ViewAnswers => ({
  rows: new Map(),
  segments: new Map(),
  ticketInterventions: new Map(),
  ticketRepairs: new Map(),
  customerContracts: new Map(),
  customerOpenWork: new Map(),
  keysTaken: new Map(),
  qualityCandidates: new Map(),
  deviceWork: new Map(),
});

export const rowKey = (entity: RowEntity, id: string): string => `${entity}:${id}`;
export const naturalKey = (entity: KeyEntity, value: string, exceptId: string): string => `${entity}:${value}:${exceptId}`;

/** The read-only state a decision sees. Asking for something the command did not list is a bug. */
export type CommandView = {
  row: <E extends RowEntity>(entity: E, id: string) => RowOf<E> | null;
  segments: (interventionId: string) => Array<SyncedRow<'timer_segment'>>;
  ticketInterventions: (ticketId: string) => Array<SyncedRow<'intervention'>>;
  ticketRepairs: (ticketId: string) => Array<SyncedRow<'repair'>>;
  customerContracts: (customerId: string) => Array<SyncedRow<'contract'>>;
  customerOpenWork: (customerId: string) => OpenWork;
  keyTaken: (entity: KeyEntity, value: string, exceptId: string) => boolean;
  qualityCandidates: (week: string) => QualityCandidates;
  deviceWork: (deviceId: string) => DeviceWork;
};

const notLoaded = (what: string) => new AppFailure('internal', `Dato non caricato per il comando: ${what}`);

export const viewOf = (answers: ViewAnswers): CommandView => ({
  row: <E extends RowEntity>(entity: E, id: string) => {
    const key = rowKey(entity, id);
    if (!answers.rows.has(key)) throw notLoaded(key);
    return (answers.rows.get(key) ?? null) as RowOf<E> | null;
  },
  segments: (interventionId) => {
    const segments = answers.segments.get(interventionId);
    if (!segments) throw notLoaded(`segments:${interventionId}`);
    return segments;
  },
  ticketInterventions: (ticketId) => {
    const interventions = answers.ticketInterventions.get(ticketId);
    if (!interventions) throw notLoaded(`interventions:${ticketId}`);
    return interventions;
  },
  ticketRepairs: (ticketId) => {
    const repairs = answers.ticketRepairs.get(ticketId);
    if (!repairs) throw notLoaded(`repairs:${ticketId}`);
    return repairs;
  },
  customerContracts: (customerId) => {
    const found = answers.customerContracts.get(customerId);
    if (!found) throw notLoaded(`contracts:${customerId}`);
    return found;
  },
  customerOpenWork: (customerId) => {
    const found = answers.customerOpenWork.get(customerId);
    if (!found) throw notLoaded(`openWork:${customerId}`);
    return found;
  },
  keyTaken: (entity, value, exceptId) => {
    const key = naturalKey(entity, value, exceptId);
    const taken = answers.keysTaken.get(key);
    if (taken === undefined) throw notLoaded(key);
    return taken;
  },
  qualityCandidates: (week) => {
    const found = answers.qualityCandidates.get(week);
    if (!found) throw notLoaded(`qualityCandidates:${week}`);
    return found;
  },
  deviceWork: (deviceId) => {
    const found = answers.deviceWork.get(deviceId);
    if (!found) throw notLoaded(`deviceWork:${deviceId}`);
    return found;
  },
});

/** Records one answer; each end calls it for every query it loaded. */
export const recordAnswer = (answers: ViewAnswers, query: ViewQuery, value: unknown): void => {
  switch (query.kind) {
    case 'row':
      answers.rows.set(rowKey(query.entity, query.id), value ?? null);
      return;
    case 'segments':
      answers.segments.set(query.interventionId, value as Array<SyncedRow<'timer_segment'>>);
      return;
    case 'ticketInterventions':
      answers.ticketInterventions.set(query.ticketId, value as Array<SyncedRow<'intervention'>>);
      return;
    case 'ticketRepairs':
      answers.ticketRepairs.set(query.ticketId, value as Array<SyncedRow<'repair'>>);
      return;
    case 'customerContracts':
      answers.customerContracts.set(query.customerId, value as Array<SyncedRow<'contract'>>);
      return;
    case 'customerOpenWork':
      answers.customerOpenWork.set(query.customerId, value as OpenWork);
      return;
    case 'keyTaken':
      answers.keysTaken.set(naturalKey(query.entity, query.value, query.exceptId), value === true);
      return;
    case 'qualityCandidates':
      answers.qualityCandidates.set(query.week, value as QualityCandidates);
      return;
    case 'deviceWork':
      answers.deviceWork.set(query.deviceId, value as DeviceWork);
      return;
  }
};
