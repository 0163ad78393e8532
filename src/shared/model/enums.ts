import { z } from 'zod';

export const channels = ['j2k', 'web_form', 'phone', 'voicemail', 'whatsapp', 'weekend_line', 'email'] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;
export const channelLabels = {
  j2k: 'Ticket da J2K',
  web_form: 'Modulo online',
  phone: 'Telefono',
  voicemail: 'Segreteria telefonica',
  whatsapp: 'WhatsApp',
  weekend_line: 'Numero weekend',
  email: 'E-mail',
} as const satisfies Record<Channel, string>;

export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
export const prioritySchema = z.enum(priorities);
export type Priority = z.infer<typeof prioritySchema>;
export const priorityLabels = {
  P1: 'P1 · Bloccante',
  P2: 'P2 · Alta',
  P3: 'P3 · Normale',
  P4: 'P4 · Bassa',
} as const satisfies Record<Priority, string>;

export const ticketStatuses = ['open', 'in_progress', 'waiting', 'closed'] as const;
export const ticketStatusSchema = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
export const ticketStatusLabels = {
  open: 'Aperto',
  in_progress: 'In lavorazione',
  waiting: 'In attesa del cliente',
  closed: 'Chiuso',
} as const satisfies Record<TicketStatus, string>;

export const causes = ['vendor', 'customer', 'unknown'] as const;
export const causeSchema = z.enum(causes);
export type Cause = z.infer<typeof causeSchema>;
export const causeLabels = {
  vendor: 'Causa fornitore',
  customer: 'Causa cliente',
  unknown: 'Causa non determinata',
} as const satisfies Record<Cause, string>;

export const contractKinds = ['standard', 'extended'] as const;
export const contractKindSchema = z.enum(contractKinds);
export type ContractKind = z.infer<typeof contractKindSchema>;
export const contractKindLabels = {
  standard: 'Assistenza standard',
  extended: 'Assistenza estesa J-System',
} as const satisfies Record<ContractKind, string>;

/** In person is either at the customer's premises or at the vendor's own («presso la nostra sede»). */
export const interventionModes = ['phone', 'remote', 'on_site', 'vendor_site'] as const;
export const interventionModeSchema = z.enum(interventionModes);
export type InterventionMode = z.infer<typeof interventionModeSchema>;
export const interventionModeLabels = {
  phone: 'Telefono',
  remote: 'Controllo remoto',
  on_site: 'Presso il cliente',
  vendor_site: 'Presso la nostra sede',
} as const satisfies Record<InterventionMode, string>;

export const interventionStatuses = ['running', 'paused', 'stopped'] as const;
export const interventionStatusSchema = z.enum(interventionStatuses);
export type InterventionStatus = z.infer<typeof interventionStatusSchema>;

/** What a customer chose on the portal for when their hours run out: buy a package, or be invoiced. */
export const billingPreferences = ['packages', 'consuntivo'] as const;
export const billingPreferenceSchema = z.enum(billingPreferences);
export type BillingPreference = z.infer<typeof billingPreferenceSchema>;
export const billingPreferenceLabels = {
  packages: 'Acquistare un pacchetto di ore',
  consuntivo: 'Fatturazione a consuntivo',
} as const satisfies Record<BillingPreference, string>;

/** How the backup rule (domain rules §6) was satisfied before work started. */
export const backupChecks = ['confirmed', 'not_needed_phone_info'] as const;
export const backupCheckSchema = z.enum(backupChecks);
export type BackupCheck = z.infer<typeof backupCheckSchema>;
