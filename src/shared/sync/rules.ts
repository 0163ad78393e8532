import { AppFailure } from '../result.ts';
import type { Role } from './entities.ts';

/**
 * Who may change what, and which state changes are legal. Pure, so the console can refuse a
 * command at once with the same words the central API would use.
 */
export type Actor = { id: string; role: Role };

export const isLead = (actor: Actor): boolean => actor.role === 'team_lead' || actor.role === 'admin';

export const assertCanWriteTicket = (actor: Actor, ticket: { assigneeId: string | null }): void => {
  if (isLead(actor) || ticket.assigneeId === null || ticket.assigneeId === actor.id) return;
  throw new AppFailure('forbidden', 'Il ticket è assegnato a un altro tecnico.');
};

export const assertCanAssign = (actor: Actor, ticket: { assigneeId: string | null }, assigneeId: string | null): void => {
  if (isLead(actor)) return;
  // A technician may take an unassigned ticket or give back their own; assigning to others is the lead's.
  const takes = ticket.assigneeId === null && assigneeId === actor.id;
  const releases = ticket.assigneeId === actor.id && assigneeId === null;
  if (!takes && !releases) throw new AppFailure('forbidden', 'Solo il team leader può assegnare i ticket ad altri tecnici.');
};

export const assertTicketOpen = (ticket: { status: string }): void => {
  if (ticket.status === 'closed') throw new AppFailure('stale', 'Il ticket è già chiuso.');
};

export const assertCanWriteIntervention = (
  actor: Actor,
  intervention: { technicianId: string; approved: boolean },
): void => {
  if (isLead(actor)) return;
  if (intervention.technicianId !== actor.id) {
    throw new AppFailure('forbidden', 'L’intervento appartiene a un altro tecnico.');
  }
  if (intervention.approved) throw new AppFailure('locked', 'L’intervento è già stato approvato: solo il team leader può modificarlo.');
};

export const assertAdmin = (actor: Actor, what: string): void => {
  if (actor.role !== 'admin') throw new AppFailure('forbidden', `Solo un amministratore può ${what}.`);
};

export const assertLead = (actor: Actor, what: string): void => {
  if (!isLead(actor)) throw new AppFailure('forbidden', `Solo il team leader può ${what}.`);
};

type InterventionStatus = 'running' | 'paused' | 'stopped';
const transitions = {
  pause: { from: ['running'], to: 'paused', refused: 'L’intervento non è in corso: impossibile metterlo in pausa.' },
  resume: { from: ['paused'], to: 'running', refused: 'L’intervento non è in pausa: impossibile riprenderlo.' },
  stop: { from: ['running', 'paused'], to: 'stopped', refused: 'L’intervento è già concluso.' },
} as const satisfies Record<string, { from: readonly InterventionStatus[]; to: InterventionStatus; refused: string }>;

export const nextInterventionStatus = (current: InterventionStatus, action: keyof typeof transitions): InterventionStatus => {
  const rule = transitions[action];
  if (!(rule.from as readonly InterventionStatus[]).includes(current)) throw new AppFailure('stale', rule.refused);
  return rule.to;
};

/** A segment never ends before it starts, and a timer never runs backwards across a clock jump. */
export const assertInstantNotBefore = (at: string, notBefore: string, what: string): void => {
  if (Date.parse(at) < Date.parse(notBefore)) {
    throw new AppFailure('invalid_argument', `${what}: l’orario indicato precede l’inizio del segmento.`);
  }
};

/** A team lead changing a colleague's work says why; the reason goes to the audit log. */
/** A team lead changing a colleague's ticket or work must say why (the console asks before sending). */
export const leadReasonNeeded = (actor: Actor, ownerId: string | null): boolean =>
  isLead(actor) && ownerId !== null && ownerId !== actor.id;

export const requiredLeadReason = (actor: Actor, ownerId: string | null, reason: string | undefined): string | null => {
  if (!leadReasonNeeded(actor, ownerId)) return null;
  if (!reason) throw new AppFailure('invalid_argument', 'Indica il motivo della modifica al lavoro di un collega.');
  return reason;
};
