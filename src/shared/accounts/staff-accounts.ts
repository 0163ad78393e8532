import { z } from 'zod';
import { safeText } from '../input-text.ts';
import { newPasswordSchema } from '../password-rule.ts';
import { roleSchema } from '../sync/entities.ts';

/** «Utenti»: the desk's staff accounts, as an admin manages them. */
export const staffAccountStatuses = ['invited', 'active', 'disabled'] as const;
export const staffAccountStatusLabels = { invited: 'Invitato', active: 'Attivo', disabled: 'Disattivato' } as const satisfies Record<(typeof staffAccountStatuses)[number], string>;
export const roleLabels = { technician: 'Tecnico', team_lead: 'Team leader', admin: 'Amministratore' } as const satisfies Record<z.infer<typeof roleSchema>, string>;

export const staffAccountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  status: z.enum(staffAccountStatuses),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;
export const staffAccountsSchema = z.object({ accounts: z.array(staffAccountSchema) });

const email = z.email('Indirizzo e-mail non valido').max(200);
const reason = safeText(500).min(1, 'Scrivi il motivo');

export const createStaffRequestSchema = z.object({ email, displayName: safeText(120).min(1, 'Scrivi nome e cognome'), role: roleSchema }).strict();
export const changeRoleRequestSchema = z.object({ id: z.uuid(), role: roleSchema, reason }).strict();
export const setDisabledRequestSchema = z.object({ id: z.uuid(), disabled: z.boolean(), reason }).strict();
export const staffAccountIdSchema = z.object({ id: z.uuid() }).strict();
/** What a change answers: `changed` false when it was already so (a repeated click). */
export const staffAccountChangeSchema = z.object({ id: z.uuid(), changed: z.boolean() });

/** «Password dimenticata?»: the same answer whether or not the address has an account. */
export const forgotPasswordRequestSchema = z.object({ email: z.string().trim().max(200) }).strict();
export const forgotPasswordAnswer = 'Se l’indirizzo corrisponde a un account attivo, riceverai un’e-mail con un link per scegliere una nuova password, valido 60 minuti.';
export const forgotPasswordResponseSchema = z.object({ message: z.string() });

/** The page a password link opens: the token from the link and the new password. */
export const setPasswordRequestSchema = z.object({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/), password: newPasswordSchema }).strict();
export const setPasswordResponseSchema = z.object({ account: z.enum(['staff', 'customer']), email: z.string() });
