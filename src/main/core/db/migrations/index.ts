import type { Migration } from '../migration.types.ts';
import { initialMigration } from './20261121180000_initial.ts';
import { syncMigration } from './20261121200000_sync.ts';
import { ticketSearchMigration } from './20261121220000_ticket_search.ts';
import { repairsMigration } from './20261121230000_repairs.ts';
import { syncTrustMigration } from './20261130090000_sync_trust.ts';
import { searchIndexOnChangeMigration } from './20261130100000_search_index_on_change.ts';
import { repairBillingMigration } from './20261130120000_repair_billing.ts';
import { supportCalendarMigration } from './20261130140000_support_calendar.ts';
import { qualityCallsMigration } from './20261130150000_quality_calls.ts';
import { ticketFeedbackMigration } from './20261130180000_ticket_feedback.ts';
import { deferredSearchIndexMigration } from './20261130190000_deferred_search_index.ts';
import { searchIndexPerConnectionMigration } from './20261130200000_search_index_per_connection.ts';
import { warrantyReviewMigration } from './20261203090000_warranty_review.ts';
import { interventionPlaceAndConditionsMigration } from './20261203130000_intervention_place_and_conditions.ts';
import { billingPreferenceMigration } from './20261203140000_billing_preference.ts';
import { repairPartsMigration } from './20261203150000_repair_parts.ts';
import { ticketTakenAtMigration } from './20261203160000_ticket_taken_at.ts';
import { billingPolicyMigration } from './20261203170000_billing_policy.ts';
import { contractNotesMigration } from './20261203180000_contract_notes.ts';
import { customerMasterDataMigration } from './20261203190000_customer_master_data.ts';
import { customerSearchMigration } from './20261203200000_customer_search.ts';
import { searchSecureDeleteMigration } from './20261203210000_search_secure_delete.ts';
import { sentJournalMigration } from './20261203220000_sent_journal.ts';
import { conversationMigration } from './20261203230000_conversation.ts';
import { accountManagerMigration } from './20261203233000_account_manager.ts';

/** Bundled statically (no directory scan) so the packaged app carries exactly these. */
export const migrations: readonly Migration[] = [initialMigration, syncMigration, ticketSearchMigration, repairsMigration, syncTrustMigration, searchIndexOnChangeMigration, repairBillingMigration, supportCalendarMigration, qualityCallsMigration, ticketFeedbackMigration, deferredSearchIndexMigration, searchIndexPerConnectionMigration, warrantyReviewMigration, interventionPlaceAndConditionsMigration, billingPreferenceMigration, repairPartsMigration, ticketTakenAtMigration, billingPolicyMigration, contractNotesMigration, customerMasterDataMigration, customerSearchMigration, searchSecureDeleteMigration, sentJournalMigration, conversationMigration, accountManagerMigration];
