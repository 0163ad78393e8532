import { isCommandName, type CommandName } from './commands.ts';

/** How the sync panel names each command, in Italian; a new command must add its label here. */
export const commandLabels = {
  'customer.create': 'Nuovo cliente',
  'customer.update': 'Anagrafica cliente',
  'ticket.create': 'Nuovo ticket',
  'ticket.assign': 'Assegnazione ticket',
  'ticket.update': 'Modifica ticket',
  'ticket.close': 'Chiusura ticket',
  'intervention.start': 'Avvio intervento',
  'intervention.pause': 'Pausa intervento',
  'intervention.resume': 'Ripresa intervento',
  'intervention.stop': 'Fine intervento',
  'intervention.edit': 'Modifica intervento',
  'intervention.approve': 'Approvazione intervento',
  'device.upsert': 'Dispositivo',
  'repair.create': 'Nuova riparazione',
  'repair.update': 'Aggiornamento riparazione',
  'repair.advance': 'Avanzamento riparazione',
  'device.confirmWarranty': 'Conferma della garanzia',
  'repair.approveReceipt': 'Conferma del ricevimento',
  'intervention.adjustSegment': 'Correzione dei tempi',
  'intervention.confirmSegment': 'Conferma dei tempi dopo un’interruzione',
  'hourBank.grant': 'Ore gratuite concesse',
  'hourBank.registerPackage': 'Pacchetto ore registrato',
  'hourBank.adjust': 'Rettifica del monte ore',
  'calendar.edit': 'Calendario dell’assistenza',
  'policy.set': 'Tariffa e IVA',
  'contract.add': 'Nuovo contratto',
  'contract.amend': 'Modifica contratto',
  'contract.end': 'Fine contratto',
  'quality.sample': 'Campione per le chiamate di qualità',
  'quality.record': 'Chiamata di qualità',
  'ticket.message': 'Messaggio sul ticket',
  'workReport.record': 'Rapportino d’intervento',
} as const satisfies Record<CommandName, string>;

export const commandLabel = (name: string): string => (isCommandName(name) ? commandLabels[name] : name);

/** Italian words for a clock offset, or null when it is within a minute (nothing to say). */
export const clockOffsetWarning = (offsetSeconds: number | null): string | null => {
  if (offsetSeconds === null || Math.abs(offsetSeconds) <= 60) return null;
  const minutes = Math.round(Math.abs(offsetSeconds) / 60);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} ore` : `${minutes} minuti`;
  const direction = offsetSeconds > 0 ? 'indietro' : 'avanti';
  return `L’orologio di questa postazione è ${direction} di circa ${amount} rispetto al server: Presidio registra i tempi con l’ora del server, ma conviene correggere data e ora del computer.`;
};
