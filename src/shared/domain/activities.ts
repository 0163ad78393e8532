/**
 * Every activity named in the rules (domain rules §1, §4), with the scope that decides its
 * coverage. `standard`: the standard contract's list; `extended`: the J-System list;
 * `included`: faults that are the vendor's (second document); `value_added`: always billable;
 * `warranty`: hardware repair under warranty; `warranty_excluded_labour`: restoring OS or
 * software after a repair (extended labour, never warranty); `transport`: never covered.
 */
export const activityScopes = [
  'standard',
  'extended',
  'included',
  'value_added',
  'warranty',
  'warranty_excluded_labour',
  'transport',
] as const;
export type ActivityScope = (typeof activityScopes)[number];

/** Every activity code, declared once; the catalog and every schema follow this list. */
export const activityCodes = [
  'first_installation',
  'software_assistance',
  'peripheral_in_software',
  'sales_mandate_label',
  'hardware_repair',
  'software_reinstall',
  'os_install_peripherals',
  'third_party_software',
  'data_recovery',
  'system_checks',
  'email_client',
  'virus_removal',
  'print_customisation',
  'operator_error',
  'service_fault',
  'vendor_caused_problem',
  'service_information',
  'managed_diagnostics',
  'service_restore',
  'custom_configuration',
  'new_feature_activation',
  'customer_equipment',
  'consultancy',
  'recurring_activity',
  'on_site_extra',
  'warranty_repair',
  'os_software_restore',
  'transport',
] as const;
export type ActivityCode = (typeof activityCodes)[number];

export const activityCatalog = {
  first_installation: { scope: 'standard', label: 'Prima installazione su postazioni in licenza (server e client)' },
  software_assistance: { scope: 'standard', label: 'Assistenza e formazione da remoto sull’uso del software' },
  peripheral_in_software: { scope: 'standard', label: 'Configurazione nel software di una periferica già installata e funzionante' },
  sales_mandate_label: { scope: 'standard', label: 'Personalizzazione del mandato di vendita e dell’etichetta articoli' },

  hardware_repair: { scope: 'extended', label: 'Manutenzione o riparazione hardware (ricambi e trasporto esclusi)' },
  software_reinstall: { scope: 'extended', vendorSoftware: true, label: 'Reinstallazione del software (compreso il cambio server)' },
  os_install_peripherals: { scope: 'extended', label: 'Installazione o aggiornamento del sistema operativo e configurazione periferiche' },
  third_party_software: { scope: 'extended', label: 'Problemi con software di terze parti (per quanto possibile)' },
  data_recovery: { scope: 'extended', label: 'Tentativo di ricostruzione archivi e ripristino dati danneggiati' },
  system_checks: { scope: 'extended', label: 'Verifica di sistema operativo, rete locale, driver e periferiche' },
  email_client: { scope: 'extended', label: 'Configurazione dei client e-mail e gestione della posta' },
  virus_removal: { scope: 'extended', label: 'Controllo e tentativo di eliminazione di virus' },
  print_customisation: { scope: 'extended', vendorSoftware: true, label: 'Personalizzazione delle stampe' },
  operator_error: { scope: 'extended', vendorSoftware: true, label: 'Correzione di errori dell’operatore' },

  service_fault: { scope: 'included', label: 'Guasto o disservizio del servizio acquistato' },
  vendor_caused_problem: { scope: 'included', label: 'Problema causato dalla rete o da interventi del fornitore' },
  service_information: { scope: 'included', label: 'Informazioni sul servizio' },
  managed_diagnostics: { scope: 'included', label: 'Diagnostica su sistemi gestiti' },
  service_restore: { scope: 'included', label: 'Ripristino del servizio dopo un guasto del fornitore' },

  custom_configuration: { scope: 'value_added', label: 'Modifica o configurazione personalizzata richiesta dal cliente' },
  new_feature_activation: { scope: 'value_added', label: 'Attivazione di nuove funzionalità' },
  customer_equipment: { scope: 'value_added', label: 'Problema su apparati, rete o software del cliente' },
  consultancy: { scope: 'value_added', label: 'Consulenza: analisi, test, integrazioni, formazione' },
  recurring_activity: { scope: 'value_added', label: 'Attività ripetitive o ricorrenti fuori dal contratto base' },
  on_site_extra: { scope: 'value_added', label: 'Intervento presso il cliente per attività extra' },

  warranty_repair: { scope: 'warranty', label: 'Riparazione o sostituzione hardware per difetto di conformità' },
  os_software_restore: { scope: 'warranty_excluded_labour', label: 'Ripristino di sistema operativo o software dopo la riparazione' },
  transport: { scope: 'transport', label: 'Trasporto tra cliente e fornitore' },
} as const satisfies Record<ActivityCode, { scope: ActivityScope; label: string; vendorSoftware?: true }>;

/**
 * The activities that concern the vendor's own software: the only ones J-System's weekend service
 * covers (domain rules §1, weekends): the standard list and the J-System items marked
 * `vendorSoftware` (reinstalling the software, print customisation, operator errors).
 */
export const concernsVendorSoftware = (code: ActivityCode): boolean => {
  const activity = activityCatalog[code];
  return activity.scope === 'standard' || 'vendorSoftware' in activity;
};

export const isActivityCode = (code: string): code is ActivityCode => Object.hasOwn(activityCatalog, code);
