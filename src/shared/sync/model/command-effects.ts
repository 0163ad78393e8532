import type { SyncedRow } from '../entities.ts';
import type { Actor } from '../rules.ts';

/** The entities a command may write. Each end stores these rows with its own I/O. */
export type WritableEntity = 'customer' | 'ticket' | 'intervention' | 'timer_segment' | 'device' | 'repair' | 'hour_bank' | 'support_calendar' | 'quality_week' | 'billing_policy' | 'contract' | 'ticket_message' | 'work_report';
export type RowWrite = { [E in WritableEntity]: { entity: E; row: SyncedRow<E> } }[WritableEntity];

/** The id a written row travels under (an hour bank is its customer's). */
export const writtenRowId = (write: RowWrite): string => (write.entity === 'hour_bank' ? write.row.customerId : write.row.id);

/**
 * What only the authority records about a customer's hours: ledger entries (grants, corrections)
 * and package sales. The console shows the resulting hour bank (a written `hour_bank` row); the
 * API derives the same row from its ledger.
 */
export type HourBankRecord =
  | { kind: 'ledger'; customerId: string; entryType: 'grant' | 'adjustment'; source: 'free' | 'package'; packageId: string | null; minutes: number; reason: string }
  | { kind: 'package'; id: string; customerId: string; minutes: number; rateCents: number; purchasedOn: string; expiresOn: string | null };

export type AuditEntry = { entity: string; entityId: string; action: string; before: unknown; after: unknown; reason: string };

/**
 * What a command does once it is accepted: whole rows in the wire's shape (the same rows a pull
 * carries), audit entries, and the interventions and repairs the API must re-evaluate for billing. The
 * console writes the rows and ignores what only the authority does (audit, billing, mail).
 */
export type CommandEffects = {
  writes: RowWrite[];
  audits: AuditEntry[];
  evaluate: Array<{ entity: 'intervention' | 'repair'; id: string; reason: string }>;
  closureMailFor: string | null;
  /** A public reply the API mails to the customer, with a link to the request on the portal. */
  replyMailFor: string | null;
  /** A signed (or declined) work report the API mails to the customer with its PDF. */
  workReportMailFor: string | null;
  hourBank: HourBankRecord[];
};

export const noEffects = (): CommandEffects => ({ writes: [], audits: [], evaluate: [], closureMailFor: null, replyMailFor: null, workReportMailFor: null, hourBank: [] });

/**
 * Limits on the instants a console reports. The API applies them with its own clock; a console
 * applies them with its clock corrected by the offset learnt at the last sync.
 */
export type TimePolicy = {
  /** How far in the future an instant may be (clocks are never perfectly in step). */
  futureSkewMinutes: number;
  /** A timer segment longer than this is kept but flagged for a team lead and not billed until approved. */
  maxSegmentHours: number;
  /** Work reported more than this many days after it happened is flagged the same way. */
  backdateDays: number;
};

export const defaultTimePolicy: TimePolicy = { futureSkewMinutes: 5, maxSegmentHours: 12, backdateDays: 7 };

export type DecisionContext = { actor: Actor; now: string; policy: TimePolicy };
