import type { ServerMigration } from './migration-sql.ts';
import { initialMigration } from './20261121190000_initial.ts';
import { appendOnlyMigration } from './20261121210000_append_only.ts';
import { repairsMigration } from './20261121230000_repairs.ts';
import { syncTrustMigration } from './20261130090000_sync_trust.ts';
import { repairBillingMigration } from './20261130120000_repair_billing.ts';
import { supportCalendarMigration } from './20261130140000_support_calendar.ts';
import { qualityCallsMigration } from './20261130150000_quality_calls.ts';
import { consolePresenceMigration } from './20261130160000_console_presence.ts';
import { segmentConfirmationMigration } from './20261130170000_segment_confirmation.ts';
import { mailDeliveryMigration } from './20261130180000_mail_delivery.ts';
import { intakeChannelsMigration } from './20261130190000_intake_channels.ts';
import { customerPortalMigration } from './20261130200000_customer_portal.ts';
import { warrantyReviewMigration } from './20261203090000_warranty_review.ts';
import { holidayNameLaw151Migration } from './20261203100000_holiday_name_law_151.ts';
import { interventionPlaceAndConditionsMigration } from './20261203130000_intervention_place_and_conditions.ts';
import { statementLinesMigration } from './20261203150000_statement_lines.ts';
import { ticketTakenAtMigration } from './20261203160000_ticket_taken_at.ts';
import { billingPolicyMigration } from './20261203170000_billing_policy.ts';
import { contractNotesMigration } from './20261203180000_contract_notes.ts';
import { customerMasterDataMigration } from './20261203190000_customer_master_data.ts';
import { staffAccountsMigration } from './20261203200000_staff_accounts.ts';
import { conversationMigration } from './20261203230000_conversation.ts';
import { workReportsMigration } from './20261203234000_work_reports.ts';
import { voicemailMigration } from './20261203235000_voicemail.ts';
import { whatsAppOutboxMigration } from './20261203236000_whatsapp_outbox.ts';
import { callsMigration } from './20261203237000_calls.ts';
import { channelSettingsMigration } from './20261203238000_channel_settings.ts';

export type { ServerDialect, ServerMigration } from './migration-sql.ts';

/** Every server migration in order, one file each, listed statically. */
export const serverMigrations: readonly ServerMigration[] = [
  initialMigration,
  appendOnlyMigration,
  repairsMigration,
  syncTrustMigration,
  repairBillingMigration,
  supportCalendarMigration,
  qualityCallsMigration,
  consolePresenceMigration,
  segmentConfirmationMigration,
  mailDeliveryMigration,
  intakeChannelsMigration,
  customerPortalMigration,
  warrantyReviewMigration,
  holidayNameLaw151Migration,
  interventionPlaceAndConditionsMigration,
  statementLinesMigration,
  ticketTakenAtMigration,
  billingPolicyMigration,
  contractNotesMigration,
  customerMasterDataMigration,
  staffAccountsMigration,
  conversationMigration,
  workReportsMigration,
  voicemailMigration,
  whatsAppOutboxMigration,
  callsMigration,
  channelSettingsMigration,
];
