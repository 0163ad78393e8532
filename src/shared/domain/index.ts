/** The domain rules (../shared/docs/domain-rules.md): the only place coverage, money and hours are computed. */
export type { Tier } from './tier.ts';
export { tiers, tierLabels } from './tier.ts';
export { easterSunday } from './easter.ts';
export {
  defaultSupportCalendar,
  deskStatus,
  isSupportOpen,
  isWeekendDay,
  nextSupportOpening,
  specialDaysOn,
  supportCalendarSchema,
  supportMinutesBetween,
  supportWindows,
  timeWindowSchema,
  weekdayKeys,
} from './support-calendar.ts';
export type { DeskStatus, SupportCalendar, SupportOptions, TimeWindow, WeekdayKey } from './support-calendar.ts';
export { defaultHandlingTargets, firstWorkingDayOf, handlingTargetsSchema, ticketPriorities } from './support-calendar.ts';
export type { HandlingTargets, TicketPriority } from './support-calendar.ts';
export { applyCalendarEdit, describeCalendarEdit, formatWindows, maxClosureDays, parseWindows, weekdayLabels } from './calendar-edit.ts';
export type { CalendarEdit } from './calendar-edit.ts';
export {
  billedMinutes,
  billingPolicySchema,
  defaultBillingPolicy,
  nextBillingStepAt,
  price,
  withVat,
  workedMinutes,
  workedSecondsFromSegments,
} from './billing.ts';
export type { BillingPolicy, TimeSegment } from './billing.ts';
export { policyOn, policyVersionSchema, policyVersionsSchema, withPolicyVersion } from './billing-policy-history.ts';
export type { PolicyChange, PolicyVersion } from './billing-policy-history.ts';
export { maximumWarrantyMonths, repairWarrantyStatus, standardWarrantyMonths, warrantyAwaitsConfirmation, warrantyStatus } from './warranty.ts';
export { allocateHours, allocationSourceLabels, applyDraws, bankWithout } from './hour-bank.ts';
export type { Allocation, HeldMinutes, HourBank, HourBankPackage } from './hour-bank.ts';
export { activityCatalog, activityCodes, activityScopes, isActivityCode } from './activities.ts';
export type { ActivityCode, ActivityScope } from './activities.ts';
export { asksStandardConditions, classificationFlagLabels, classificationFlags, classify, contractValidOn, coverageOn, standardConditionsMetReason } from './classify.ts';
export type { Classification, ClassificationFlag, ClassifyInput, ContractOnFile } from './classify.ts';
export { addDays, addMonths, isoWeekDays, isoWeekOf, romeDay, romeDayAndTime, romeTimeZone, romeWallClockToInstant } from './calendar-day.ts';
export { evaluateIntervention } from './evaluate.ts';
export type { InterventionEvaluation } from './evaluate.ts';
export { canMoveRepair, evaluateRepair, isRepairChargeable, isRepairClosed, nextRepairStatuses, repairExtras, repairStatusLabels, repairStatuses } from './repairs.ts';
export type { RepairEvaluation, RepairExtras, RepairPart, RepairStatus, RepairWork } from './repairs.ts';
export { billingMonthBounds, billingMonthOf, billingMonthSchema, isBillingMonthClosed, lastDayOfBillingMonth, nextBillingMonth, previousBillingMonth } from './billing-period.ts';
export type { BillingMonth } from './billing-period.ts';
export { lowPotShare, noticeThresholds, thresholdsReached } from './hour-bank-notices.ts';
export type { HourPot, NoticeThreshold } from './hour-bank-notices.ts';
