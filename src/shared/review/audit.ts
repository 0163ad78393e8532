import { z } from 'zod';
import { instantSchema } from '../model/calendar-day.ts';

/**
 * «Storico modifiche»: who changed a record, when, why, and what it was before and after. The
 * audit log lives only on the central API (it is not synced to every console), so it is read
 * online, and the console says so when it cannot reach the API.
 */
export const auditedEntities = ['intervention', 'ticket', 'device', 'repair', 'customer', 'support_calendar', 'billing_policy', 'user'] as const;

export const auditTrailRequestSchema = z.object({ entity: z.enum(auditedEntities), id: z.uuid() }).strict();
export type AuditTrailRequest = z.infer<typeof auditTrailRequestSchema>;

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: instantSchema,
  actorName: z.string().nullable(),
  action: z.string(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.object({ entries: z.array(auditEntrySchema) });

const actionLabels: Record<string, string> = {
  'intervention.approve': 'Approvato',
  'user.create': 'Utente creato',
  'user.role': 'Ruolo cambiato',
  'user.disable': 'Account disattivato',
  'user.enable': 'Account riattivato',
  'user.sendReset': 'Link per la password inviato',
  'intervention.review': 'Tempi da approvare',
  'intervention.edit': 'Modificato',
  'intervention.adjustSegment': 'Tempi corretti',
  'billing.evaluate': 'Addebito ricalcolato dall’API',
  'ticket.assign': 'Assegnazione cambiata',
  'ticket.update': 'Ticket modificato',
  'device.warranty': 'Dati di garanzia cambiati',
  'device.warrantyReview': 'Garanzia da confermare',
  'device.confirmWarranty': 'Garanzia confermata',
  'repair.receiptReview': 'Ricevimento da confermare',
  'repair.approveReceipt': 'Ricevimento confermato',
  'hourBank.grant': 'Ore gratuite concesse',
  'hourBank.registerPackage': 'Pacchetto di ore registrato',
  'hourBank.adjust': 'Monte ore rettificato',
  'calendar.edit': 'Calendario modificato',
};

/** The Italian words for an audited action (an unknown one shows as it is). */
export const auditActionLabel = (action: string): string => actionLabels[action] ?? action;

const fieldLabels: Record<string, string> = {
  notes: 'Note',
  activity: 'Attività',
  mode: 'Modalità',
  assigneeId: 'Assegnatario',
  priority: 'Priorità',
  status: 'Stato',
  approved: 'Approvato',
  tier: 'Classificazione',
  billedMinutes: 'Minuti fatturati',
  netCents: 'Importo netto (centesimi)',
  purchaseDate: 'Data di acquisto',
  warrantyMonths: 'Mesi di garanzia',
  subject: 'Oggetto',
  blocking: 'Bloccante',
  freeMinutes: 'Ore gratuite (minuti)',
  minutes: 'Minuti',
  rateCents: 'Tariffa oraria (centesimi)',
  purchasedOn: 'Acquistato il',
  expiresOn: 'Scade il',
  startedAt: 'Inizio',
  endedAt: 'Fine',
  revision: 'Versione',
  change: 'Modifica',
};

const shown = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'sì' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
};

/** Fields that hold a user's id: shown by name when the console knows it. */
const userFields = new Set(['assigneeId', 'technicianId']);

/** What an audited change did, field by field, in Italian ("Note: prima → dopo"). */
export const describeAuditChange = (
  before: unknown,
  after: unknown,
  userNames: ReadonlyMap<string, string> = new Map(),
): string[] => {
  const was = before !== null && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const now = after !== null && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  return Object.keys(now)
    .filter((key) => key in fieldLabels && shown(was[key]) !== shown(now[key]))
    .map((key) => {
      const named = (value: unknown) => (userFields.has(key) && typeof value === 'string' ? (userNames.get(value) ?? value) : value);
      return `${fieldLabels[key]}: ${shown(named(was[key]))} → ${shown(named(now[key]))}`;
    });
};
