import type { Actor } from '../../shared/sync/rules.ts';

/**
 * Tickets that arrive by themselves (the vendor's J2K software, the customer portal's form) are
 * opened through the same `ticket.create` command as a technician's, by this account: it exists so
 * every ticket has an author, it can never sign in (disabled, no password), and it is never sent
 * to the consoles.
 */
export const intakeActorId = '0193a1c0-ca1e-7da7-8000-000000000002';
export const intakeActor: Actor = { id: intakeActorId, role: 'technician' };
