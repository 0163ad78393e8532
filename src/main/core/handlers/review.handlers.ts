import { readSupportCalendar } from '../calendar/calendar.repository.ts';
import { readBillingPolicy } from '../billing/billing-policy.repository.ts';
import { readQualityWeekView } from '../quality/quality.service.ts';
import { readTeamDay } from '../review/team-day.service.ts';
import { readHandlingSummary, readQualitySummary, readWorkload } from '../review/lead-views.service.ts';
import { userDisplayName } from '../users/user.repository.ts';
import { done, type HandlerDeps, type HandlerGroup } from './handler-deps.ts';

/** The team lead's screens: the team's day, consoles, mail, audit trails, the calendar, quality calls. */
export const reviewHandlers = ({
  local,
  sync,
  online,
  stampClock,
  assertLeadSignedIn,
}: HandlerDeps): HandlerGroup<'review.audit' | 'review.consoles' | 'review.mail' | 'review.mailRetry' | 'review.day' | 'review.workload' | 'review.quality' | 'review.handling' | 'calendar.get' | 'policy.get' | 'quality.record' | 'quality.week'> => ({
  'review.audit': (request) => online.auditTrail(request),
  'review.consoles': () => {
    assertLeadSignedIn('Lo stato delle postazioni è riservato ai team leader.');
    return online.consoles();
  },
  'review.mail': () => {
    assertLeadSignedIn('La posta in uscita è riservata ai team leader e agli amministratori.');
    return online.outbox();
  },
  'review.mailRetry': ({ id }) => online.retryMail(id),
  'review.day': ({ day, technicianId }) => {
    // A technician's replica holds the same rows, but the team's day is a lead's screen, here as in the renderer.
    assertLeadSignedIn('La giornata del team è riservata ai team leader.');
    return readTeamDay(local.db, day, stampClock(), technicianId ?? null);
  },
  'review.workload': () => {
    assertLeadSignedIn('Il carico per tecnico è riservato ai team leader.');
    return readWorkload(local.db, local.sqlite, stampClock());
  },
  'review.quality': ({ month }) => {
    assertLeadSignedIn('La qualità per tecnico è riservata ai team leader.');
    return readQualitySummary(local.db, month);
  },
  'review.handling': ({ month }) => {
    assertLeadSignedIn('I tempi di gestione sono riservati ai team leader.');
    return readHandlingSummary(local.db, local.sqlite, month);
  },
  'policy.get': async () => {
    const { revision, versions, updatedAt, updatedBy } = readBillingPolicy(local.sqlite);
    const updatedByName = updatedBy ? await userDisplayName(local.db, updatedBy) : null;
    return { revision, versions, updatedAt: revision === 0 ? null : updatedAt, updatedByName };
  },
  'calendar.get': async () => {
    const { revision, calendar, updatedAt, updatedBy } = readSupportCalendar(local.sqlite);
    const updatedByName = updatedBy ? await userDisplayName(local.db, updatedBy) : null;
    return { revision, calendar, updatedAt: revision === 0 ? null : updatedAt, updatedByName };
  },
  'quality.record': (args) => (sync.execute('quality.record', { ...args, at: stampClock().toISOString() }), done),
  'quality.week': ({ week }) => {
    assertLeadSignedIn('Le chiamate di qualità sono riservate ai team leader.');
    return readQualityWeekView(local.sqlite, local.db, week);
  },
});
