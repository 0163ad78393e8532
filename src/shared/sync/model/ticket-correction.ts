import type { CommandArgs } from '../commands.ts';
import type { SyncedRow } from '../entities.ts';

/** The facts of a ticket that can be corrected after intake (`ticket.update`). */
export type TicketChanges = CommandArgs<'ticket.update'>['changes'];

export const correctableTicketFields = ['channel', 'priority', 'blocking', 'customerId', 'subject', 'description', 'status'] as const satisfies ReadonlyArray<keyof TicketChanges>;

/** Only the fields that differ from what the ticket holds: a no-op edit changes nothing and asks nothing. */
export const effectiveTicketChanges = (ticket: SyncedRow<'ticket'>, changes: TicketChanges): TicketChanges => {
  const effective: TicketChanges = {};
  const keep = <K extends keyof TicketChanges>(field: K) => {
    const value = changes[field];
    if (value !== undefined && value !== ticket[field]) effective[field] = value;
  };
  for (const field of correctableTicketFields) keep(field);
  return effective;
};

/**
 * Whether a correction changes what work already logged costs: the blocking flag decides weekend
 * service, the customer decides contracts, warranty and hour bank (domain rules §1, §5). Such a
 * correction is explained (the reason is audited) and the ticket's finished work is priced again.
 */
export const ticketCorrectionChangesMoney = (changes: TicketChanges, workLogged: number): boolean =>
  workLogged > 0 && (changes.blocking !== undefined || changes.customerId !== undefined);

type WorkOnTicket = {
  interventions: ReadonlyArray<{ deviceId: string | null; billing: { billedMinutes: number } | null }>;
  repairs: ReadonlyArray<unknown>;
};

/**
 * Why a ticket cannot move to another customer, or null. Billed minutes were drawn from the first
 * customer's hours and a device or a repair is the first customer's: moving them would charge or
 * cover the wrong company. Before any such work the ticket was simply opened for the wrong customer.
 */
export const customerChangeRefusal = (work: WorkOnTicket): string | null => {
  if (work.interventions.some((intervention) => (intervention.billing?.billedMinutes ?? 0) > 0))
    return 'Il cliente non si può cambiare: sul ticket c’è già lavoro addebitato. Chiudi questo ticket e aprine uno per il cliente giusto.';
  if (work.interventions.some((intervention) => intervention.deviceId !== null) || work.repairs.length > 0)
    return 'Il cliente non si può cambiare: sul ticket ci sono dispositivi o riparazioni del cliente attuale.';
  return null;
};

/** The reason a money-changing correction needs, when the person correcting gives none. */
export const ticketCorrectionReasonMissing = 'Indica il motivo: la correzione cambia il prezzo del lavoro già registrato sul ticket.';
