import {
  applyCalendarEdit,
  canMoveRepair,
  defaultSupportCalendar,
  describeCalendarEdit,
  isRepairChargeable,
  isRepairClosed,
  repairStatusLabels,
  repairWarrantyStatus,
  romeDay,
  withPolicyVersion,
} from '../../domain/index.ts';
import { AppFailure } from '../../result.ts';
import { workReportHash } from '../../work-report/work-report.ts';
import { DomainRangeError } from '../../domain/domain-range-error.ts';
import type { Command, CommandArgs, CommandName } from '../commands.ts';
import { billingPolicyId, supportCalendarId, type SyncedRow } from '../entities.ts';
import { qualitySample, qualityWeekBounds, qualityWeekId } from '../../review/quality-calls.ts';
import {
  assertCanAssign,
  assertCanWriteIntervention,
  assertAdmin,
  assertCanWriteTicket,
  assertInstantNotBefore,
  assertLead,
  assertTicketOpen,
  isLead,
  nextInterventionStatus,
  requiredLeadReason,
} from '../rules.ts';
import { noEffects, type CommandEffects, type DecisionContext } from './command-effects.ts';
import {
  assertDayNotInFuture,
  assertNotInFuture,
  backdatedReceiptReason,
  backdatedWorkReason,
  declaredWarrantyReason,
  isBackdated,
  isBackdatedDay,
  registrationNeedsWarrantyReview,
} from './client-dates.ts';
import type { CommandView, ViewQuery } from './command-view.ts';
import { assertContractPeriod, assertNoOverlap } from './contract-rules.ts';
import { correctableTicketFields, customerChangeRefusal, effectiveTicketChanges, ticketCorrectionChangesMoney, ticketCorrectionReasonMissing } from './ticket-correction.ts';

/**
 * The one definition of every sync command: what it reads and what it decides. The console's
 * local apply and the API's handler both load the listed reads, call `decide`, and write the
 * effects; neither decides anything of its own, so they cannot disagree.
 */
type Definition<N extends CommandName> = {
  reads: (args: CommandArgs<N>) => ViewQuery[];
  decide: (view: CommandView, args: CommandArgs<N>, context: DecisionContext) => CommandEffects;
};

const minute = 60_000;

const longSegmentReason = (context: DecisionContext) => `Segmento di lavoro più lungo di ${context.policy.maxSegmentHours} ore`;

/** The first reason to have a lead look at the times wins; it is never cleared by later commands. */
const withReview = (current: string | null, ...reasons: Array<string | false>): string | null =>
  current ?? reasons.find((reason): reason is string => typeof reason === 'string') ?? null;

/** Times newly held back for a lead leave an audit line, like every date that decides money beyond the tolerance. */
const reviewAudits = (id: string, before: string | null, after: string | null, at: string): CommandEffects['audits'] =>
  after !== null && before === null ? [{ entity: 'intervention', entityId: id, action: 'intervention.review', before: null, after: { at }, reason: after }] : [];

const requireTicket = (view: CommandView, id: string) => {
  const ticket = view.row('ticket', id);
  if (!ticket) throw new AppFailure('not_found', 'Ticket non trovato.');
  return ticket;
};

const requireIntervention = (view: CommandView, id: string) => {
  const intervention = view.row('intervention', id);
  if (!intervention) throw new AppFailure('not_found', 'Intervento non trovato.');
  return intervention;
};

const requireRepair = (view: CommandView, id: string) => {
  const repair = view.row('repair', id);
  if (!repair) throw new AppFailure('not_found', 'Riparazione non trovata.');
  return repair;
};

const writableIntervention = (view: CommandView, id: string, context: DecisionContext) => {
  const intervention = requireIntervention(view, id);
  assertCanWriteIntervention(context.actor, intervention);
  return intervention;
};

const effects = (partial: Partial<CommandEffects>): CommandEffects => ({ ...noEffects(), ...partial });

const requireContract = (view: CommandView, id: string, customerId: string) => {
  const contract = view.row('contract', id);
  if (!contract || contract.customerId !== customerId) throw new AppFailure('not_found', 'Contratto non trovato per questo cliente.');
  return contract;
};

const contractReads = (contractId: string, customerId: string): ViewQuery[] => [
  { kind: 'row', entity: 'contract', id: contractId },
  { kind: 'customerContracts', customerId },
  { kind: 'customerOpenWork', customerId },
];

/**
 * A contract change prices again the customer's work not yet settled (domain rules §5, contracts):
 * finished interventions of open tickets and finished repairs not yet returned. A closed month is
 * never rewritten: what changes is booked now, as an adjustment when the work was already stated.
 */
const openWorkToReprice = (work: { interventionIds: string[]; repairIds: string[] }, reason: string): CommandEffects['evaluate'] => [
  ...work.interventionIds.map((id) => ({ entity: 'intervention' as const, id, reason })),
  ...work.repairIds.map((id) => ({ entity: 'repair' as const, id, reason })),
];

/** Amending or ending a contract: the same checks as adding one, audited, open work priced again. */
const changeContract = (view: CommandView, before: SyncedRow<'contract'>, after: SyncedRow<'contract'>, action: 'contract.amend' | 'contract.end', reason: string): CommandEffects => {
  if (JSON.stringify(before) === JSON.stringify(after)) return noEffects();
  assertContractPeriod(after);
  assertNoOverlap(view.customerContracts(before.customerId), after);
  return effects({
    writes: [{ entity: 'contract', row: after }],
    audits: [{ entity: 'contract', entityId: before.id, action, before, after, reason }],
    evaluate: openWorkToReprice(view.customerOpenWork(before.customerId), action === 'contract.end' ? 'Contratto terminato' : 'Contratto modificato'),
  });
};

/** Work begins on a ticket: it is in progress, and an unassigned ticket becomes the worker's. */
const ticketStarted = (ticket: SyncedRow<'ticket'>, context: DecisionContext, at: string): SyncedRow<'ticket'> => ({
  ...ticket,
  status: ticket.status === 'open' ? 'in_progress' : ticket.status,
  assigneeId: ticket.assigneeId ?? context.actor.id,
  takenAt: earliest(ticket.takenAt, at),
  updatedAt: context.now,
});
const startChangesTicket = (ticket: SyncedRow<'ticket'>, at: string): boolean =>
  ticket.status === 'open' || ticket.assigneeId === null || ticket.takenAt === null || at < ticket.takenAt;

/** The first instant a ticket was taken in charge: work reported later for earlier keeps the earlier one. */
const earliest = (current: string | null, at: string): string => (current === null || at < current ? at : current);

/** Closes the open segment (pause, stop), refusing an end before its start and flagging implausible lengths. */
const closeOpenSegment = (view: CommandView, intervention: SyncedRow<'intervention'>, at: string, context: DecisionContext, crashCut = false) => {
  const segments = view.segments(intervention.id);
  const open = segments.find((segment) => segment.endedAt === null);
  const lastEnd = segments.reduce<string | null>((last, segment) => (segment.endedAt && (!last || segment.endedAt > last) ? segment.endedAt : last), null);
  if (open) assertInstantNotBefore(at, open.startedAt, 'Fine del segmento');
  else if (lastEnd) assertInstantNotBefore(at, lastEnd, 'Fine dell’intervento');
  assertNotInFuture(at, context, 'Fine del segmento');
  const long = open !== undefined && Date.parse(at) - Date.parse(open.startedAt) > context.policy.maxSegmentHours * 60 * minute;
  return {
    segment: open ? { ...open, endedAt: at, awaitingConfirmation: crashCut } : null,
    reviewReason: withReview(intervention.reviewReason, long && longSegmentReason(context), isBackdated(at, context) && backdatedWorkReason(context)),
  };
};

/** A repair's warranty verdict judged again, for the repairs whose recorded verdict changes. */
const repairsRejudged = (repairs: Array<SyncedRow<'repair'>>, device: SyncedRow<'device'>, context: DecisionContext) =>
  repairs.flatMap((repair) => {
    const covered = repairWarrantyStatus(device, repair).covered;
    return covered === repair.warrantyCovered ? [] : [{ entity: 'repair' as const, row: { ...repair, warrantyCovered: covered, updatedAt: context.now } }];
  });

/** The finished work on a device that the authority prices again when its warranty changes. */
const workToReprice = (work: { repairs: Array<SyncedRow<'repair'>>; interventions: Array<SyncedRow<'intervention'>> }, reason: string): CommandEffects['evaluate'] => [
  ...work.repairs.filter((repair) => isRepairChargeable(repair.status)).map((repair) => ({ entity: 'repair' as const, id: repair.id, reason })),
  ...work.interventions.filter((intervention) => intervention.status === 'stopped').map((intervention) => ({ entity: 'intervention' as const, id: intervention.id, reason })),
];

const definitions: { [N in CommandName]: Definition<N> } = {
  'workReport.record': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      { kind: 'row', entity: 'work_report', id: args.id },
      ...(args.supersedes ? [{ kind: 'row', entity: 'work_report', id: args.supersedes } as const] : []),
    ],
    decide(view, args, context) {
      const existing = view.row('work_report', args.id);
      // Sent again after a lost answer: the same report, nothing more. Another content under its id: never.
      if (existing) {
        if (existing.contentHash === args.contentHash) return noEffects();
        throw new AppFailure('conflict', 'Un rapportino firmato non si modifica: si crea una nuova versione.');
      }
      const ticket = requireTicket(view, args.ticketId);
      if (args.content.ticket.id !== ticket.id) throw new AppFailure('invalid_argument', 'Il rapportino riguarda un altro ticket.');
      if (workReportHash(args.content, args.signature) !== args.contentHash) throw new AppFailure('invalid_argument', 'Rapportino alterato: l’impronta non corrisponde al contenuto firmato.');
      const previous = args.supersedes ? view.row('work_report', args.supersedes) : null;
      if (args.supersedes && (!previous || previous.ticketId !== ticket.id)) throw new AppFailure('not_found', 'La versione precedente del rapportino non è stata trovata.');
      const at = args.signature.kind === 'signed' ? args.signature.signedAt : args.signature.recordedAt;
      assertNotInFuture(at, context, 'Firma del rapportino');
      const row: SyncedRow<'work_report'> = {
        id: args.id,
        ticketId: ticket.id,
        version: previous ? previous.version + 1 : 1,
        supersedes: args.supersedes,
        content: args.content,
        signature: args.signature,
        contentHash: args.contentHash,
        createdAt: at,
        createdBy: context.actor.id,
      };
      return effects({ writes: [{ entity: 'work_report', row }], workReportMailFor: args.id });
    },
  },
  'ticket.message': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      { kind: 'row', entity: 'ticket_message', id: args.id },
    ],
    decide(view, args, context) {
      // Sent again after a lost answer: already written, nothing more (and no second mail).
      if (view.row('ticket_message', args.id)) return noEffects();
      requireTicket(view, args.ticketId);
      assertNotInFuture(args.writtenAt, context, 'Messaggio');
      const row: SyncedRow<'ticket_message'> = {
        id: args.id,
        ticketId: args.ticketId,
        authorKind: 'staff',
        authorId: context.actor.id,
        // A colleague's name is read from their account where the thread is shown, not copied here.
        authorName: null,
        visibility: args.visibility,
        source: 'console',
        body: args.body.trim(),
        quoted: null,
        attachments: args.attachments,
        writtenAt: args.writtenAt,
      };
      return effects({ writes: [{ entity: 'ticket_message', row }], replyMailFor: args.visibility === 'public' ? args.id : null });
    },
  },
  'customer.create': {
    reads: (args) => [
      { kind: 'row', entity: 'customer', id: args.id },
      { kind: 'keyTaken', entity: 'customer', value: args.code, exceptId: args.id },
    ],
    decide(view, args) {
      if (view.row('customer', args.id)) return noEffects();
      if (view.keyTaken('customer', args.code, args.id)) throw new AppFailure('conflict', `Esiste già un cliente con codice ${args.code}.`);
      return effects({ writes: [{ entity: 'customer', row: { ...args, billingPreference: null, accountManagerId: null } }] });
    },
  },

  'ticket.create': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.id },
      { kind: 'row', entity: 'customer', id: args.customerId },
      { kind: 'keyTaken', entity: 'ticket', value: args.number, exceptId: args.id },
    ],
    decide(view, args, context) {
      if (view.row('ticket', args.id)) return noEffects();
      if (!view.row('customer', args.customerId)) throw new AppFailure('not_found', 'Cliente non trovato.');
      if (view.keyTaken('ticket', args.number, args.id)) throw new AppFailure('conflict', `Il numero di ticket ${args.number} è già in uso.`);
      assertNotInFuture(args.openedAt, context, 'Apertura del ticket');
      const { id, number, customerId, channel, subject, description, priority, blocking, openedAt } = args;
      const row: SyncedRow<'ticket'> = {
        id,
        number,
        customerId,
        channel,
        subject,
        description,
        priority,
        status: 'open',
        blocking,
        cause: null,
        resolution: null,
        assigneeId: null,
        openedAt,
        updatedAt: context.now,
        closedAt: null,
        takenAt: null,
      };
      return effects({ writes: [{ entity: 'ticket', row }] });
    },
  },

  'ticket.assign': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      ...(args.assigneeId ? [{ kind: 'row', entity: 'user', id: args.assigneeId } as const] : []),
    ],
    decide(view, args, context) {
      const ticket = requireTicket(view, args.ticketId);
      assertTicketOpen(ticket);
      assertCanAssign(context.actor, ticket, args.assigneeId);
      if (args.assigneeId && !view.row('user', args.assigneeId)) throw new AppFailure('not_found', 'Tecnico non trovato.');
      if (ticket.assigneeId === args.assigneeId) return noEffects();
      // Taking a ticket from the colleague who holds it is the lead's call, explained and audited.
      const reason = requiredLeadReason(context.actor, ticket.assigneeId, args.reason);
      return effects({
        writes: [{ entity: 'ticket', row: { ...ticket, assigneeId: args.assigneeId, takenAt: args.assigneeId ? earliest(ticket.takenAt, context.now) : ticket.takenAt, updatedAt: context.now } }],
        audits: reason
          ? [{ entity: 'ticket', entityId: ticket.id, action: 'ticket.assign', before: { assigneeId: ticket.assigneeId }, after: { assigneeId: args.assigneeId }, reason }]
          : [],
      });
    },
  },

  'ticket.update': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      { kind: 'ticketInterventions', ticketId: args.ticketId },
      ...(args.changes.customerId
        ? [{ kind: 'row', entity: 'customer', id: args.changes.customerId } as const, { kind: 'ticketRepairs', ticketId: args.ticketId } as const]
        : []),
    ],
    decide(view, args, context) {
      const ticket = requireTicket(view, args.ticketId);
      assertCanWriteTicket(context.actor, ticket);
      assertTicketOpen(ticket);
      const changes = effectiveTicketChanges(ticket, args.changes);
      if (Object.keys(changes).length === 0) return noEffects();
      const interventions = view.ticketInterventions(ticket.id);
      if (changes.customerId !== undefined) {
        if (!view.row('customer', changes.customerId)) throw new AppFailure('not_found', 'Cliente non trovato.');
        const refusal = customerChangeRefusal({ interventions, repairs: view.ticketRepairs(ticket.id) });
        if (refusal) throw new AppFailure('stale', refusal);
      }
      const leadReason = requiredLeadReason(context.actor, ticket.assigneeId, args.reason);
      const changesMoney = ticketCorrectionChangesMoney(changes, interventions.length);
      if (changesMoney && !args.reason) throw new AppFailure('invalid_argument', ticketCorrectionReasonMissing);
      const reason = leadReason ?? (changesMoney ? args.reason ?? null : null);
      const before = Object.fromEntries(correctableTicketFields.filter((field) => field in changes).map((field) => [field, ticket[field]]));
      // Field-level: only the fields named change, so two edits of different fields both survive.
      return effects({
        writes: [{ entity: 'ticket', row: { ...ticket, ...changes, updatedAt: context.now } }],
        audits: reason ? [{ entity: 'ticket', entityId: ticket.id, action: 'ticket.update', before, after: changes, reason }] : [],
        // The finished work is priced again with the corrected facts; running work is priced when it stops.
        evaluate: changesMoney
          ? interventions.filter((intervention) => intervention.status === 'stopped').map((intervention) => ({ entity: 'intervention' as const, id: intervention.id, reason: 'Ticket corretto' }))
          : [],
      });
    },
  },

  'ticket.close': {
    reads: (args) => [
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      { kind: 'ticketInterventions', ticketId: args.ticketId },
    ],
    decide(view, args, context) {
      const ticket = requireTicket(view, args.ticketId);
      assertCanWriteTicket(context.actor, ticket);
      assertTicketOpen(ticket);
      const interventions = view.ticketInterventions(ticket.id);
      if (interventions.some((intervention) => intervention.status !== 'stopped')) {
        throw new AppFailure('stale', 'Concludi gli interventi in corso prima di chiudere il ticket.');
      }
      if (Date.parse(args.closedAt) < Date.parse(ticket.openedAt)) {
        throw new AppFailure('invalid_argument', 'Chiusura del ticket: l’orario indicato precede l’apertura.');
      }
      assertNotInFuture(args.closedAt, context, 'Chiusura del ticket');
      const reason = args.cause === 'customer' ? 'Ticket chiuso con causa cliente' : 'Chiusura del ticket';
      return effects({
        writes: [
          {
            entity: 'ticket',
            // A ticket closed without ever being taken was taken in charge by closing it.
            row: { ...ticket, status: 'closed', cause: args.cause, resolution: args.resolution, closedAt: args.closedAt, takenAt: ticket.takenAt ?? args.closedAt, updatedAt: context.now },
          },
        ],
        evaluate: [...interventions].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((intervention) => ({ entity: 'intervention' as const, id: intervention.id, reason })),
        closureMailFor: ticket.id,
      });
    },
  },

  'intervention.start': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.id },
      { kind: 'row', entity: 'ticket', id: args.ticketId },
      ...(args.deviceId ? [{ kind: 'row', entity: 'device', id: args.deviceId } as const] : []),
    ],
    decide(view, args, context) {
      const ticket = view.row('ticket', args.ticketId);
      if (view.row('intervention', args.id)) {
        // Already recorded (a console re-applying its pending work): only the ticket may need to follow.
        return ticket && ticket.status !== 'closed' && startChangesTicket(ticket, args.startedAt)
          ? effects({ writes: [{ entity: 'ticket', row: ticketStarted(ticket, context, args.startedAt) }] })
          : noEffects();
      }
      if (!ticket) throw new AppFailure('not_found', 'Ticket non trovato.');
      assertCanWriteTicket(context.actor, ticket);
      assertTicketOpen(ticket);
      if (args.deviceId) {
        const device = view.row('device', args.deviceId);
        if (!device || device.customerId !== ticket.customerId) throw new AppFailure('not_found', 'Dispositivo non trovato per questo cliente.');
      }
      assertNotInFuture(args.startedAt, context, 'Inizio dell’intervento');
      const intervention: SyncedRow<'intervention'> = {
        id: args.id,
        ticketId: ticket.id,
        technicianId: context.actor.id,
        deviceId: args.deviceId,
        mode: args.mode,
        activity: args.activity,
        backupCheck: args.backupCheck,
        status: 'running',
        notes: '',
        approved: false,
        startedAt: args.startedAt,
        stoppedAt: null,
        billing: null,
        reviewReason: withReview(null, isBackdated(args.startedAt, context) && backdatedWorkReason(context)),
        softwareUpToDate: args.softwareUpToDate,
        conformingSetup: args.conformingSetup,
      };
      return effects({
        writes: [
          { entity: 'intervention', row: intervention },
          { entity: 'timer_segment', row: { id: args.segmentId, interventionId: args.id, startedAt: args.startedAt, endedAt: null, awaitingConfirmation: false } },
          ...(startChangesTicket(ticket, args.startedAt) ? [{ entity: 'ticket', row: ticketStarted(ticket, context, args.startedAt) } as const] : []),
        ],
        audits: reviewAudits(args.id, null, intervention.reviewReason, args.startedAt),
      });
    },
  },

  'intervention.pause': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.interventionId },
      { kind: 'segments', interventionId: args.interventionId },
    ],
    decide(view, args, context) {
      const intervention = writableIntervention(view, args.interventionId, context);
      const status = nextInterventionStatus(intervention.status, 'pause');
      const closed = closeOpenSegment(view, intervention, args.at, context, args.crashCut === true);
      return effects({
        writes: [
          ...(closed.segment ? [{ entity: 'timer_segment', row: closed.segment } as const] : []),
          { entity: 'intervention', row: { ...intervention, status, reviewReason: closed.reviewReason } },
        ],
        audits: reviewAudits(intervention.id, intervention.reviewReason, closed.reviewReason, args.at),
      });
    },
  },

  'intervention.resume': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.interventionId },
      { kind: 'segments', interventionId: args.interventionId },
    ],
    decide(view, args, context) {
      const intervention = writableIntervention(view, args.interventionId, context);
      const status = nextInterventionStatus(intervention.status, 'resume');
      const last = [...view.segments(intervention.id)].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
      if (last?.endedAt) assertInstantNotBefore(args.at, last.endedAt, 'Ripresa');
      assertNotInFuture(args.at, context, 'Ripresa');
      const reviewReason = withReview(intervention.reviewReason, isBackdated(args.at, context) && backdatedWorkReason(context));
      return effects({
        writes: [
          { entity: 'timer_segment', row: { id: args.segmentId, interventionId: intervention.id, startedAt: args.at, endedAt: null, awaitingConfirmation: false } },
          { entity: 'intervention', row: { ...intervention, status, reviewReason } },
        ],
        audits: reviewAudits(intervention.id, intervention.reviewReason, reviewReason, args.at),
      });
    },
  },

  'intervention.stop': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.interventionId },
      { kind: 'segments', interventionId: args.interventionId },
    ],
    decide(view, args, context) {
      const intervention = writableIntervention(view, args.interventionId, context);
      const status = nextInterventionStatus(intervention.status, 'stop');
      const closed = closeOpenSegment(view, intervention, args.at, context);
      return effects({
        writes: [
          ...(closed.segment ? [{ entity: 'timer_segment', row: closed.segment } as const] : []),
          { entity: 'intervention', row: { ...intervention, status, stoppedAt: args.at, reviewReason: closed.reviewReason } },
        ],
        audits: reviewAudits(intervention.id, intervention.reviewReason, closed.reviewReason, args.at),
        evaluate: [{ entity: 'intervention', id: intervention.id, reason: 'Intervento concluso' }],
      });
    },
  },

  'intervention.edit': {
    reads: (args) => [{ kind: 'row', entity: 'intervention', id: args.interventionId }],
    decide(view, args, context) {
      const intervention = writableIntervention(view, args.interventionId, context);
      const reason = requiredLeadReason(context.actor, intervention.technicianId, args.reason);
      const reclassify = ['activity', 'mode', 'softwareUpToDate', 'conformingSetup'].some((field) => field in args.changes);
      return effects({
        writes: [{ entity: 'intervention', row: { ...intervention, ...args.changes } }],
        audits: reason ? [{ entity: 'intervention', entityId: intervention.id, action: 'intervention.edit', before: intervention, after: args.changes, reason }] : [],
        evaluate: reclassify ? [{ entity: 'intervention', id: intervention.id, reason: 'Intervento modificato' }] : [],
      });
    },
  },

  'intervention.approve': {
    reads: (args) => [{ kind: 'row', entity: 'intervention', id: args.interventionId }],
    decide(view, args, context) {
      assertLead(context.actor, 'approvare gli interventi');
      const intervention = requireIntervention(view, args.interventionId);
      if (intervention.status !== 'stopped') throw new AppFailure('stale', 'Solo un intervento concluso può essere approvato.');
      if (intervention.approved) return noEffects();
      return effects({
        writes: [{ entity: 'intervention', row: { ...intervention, approved: true } }],
        audits: [{ entity: 'intervention', entityId: intervention.id, action: 'intervention.approve', before: { approved: false }, after: { approved: true }, reason: intervention.reviewReason ?? 'Approvazione' }],
        // Implausible times were held back from billing until now.
        evaluate: intervention.reviewReason ? [{ entity: 'intervention', id: intervention.id, reason: 'Tempi approvati dal team leader' }] : [],
      });
    },
  },

  'intervention.adjustSegment': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.interventionId },
      { kind: 'segments', interventionId: args.interventionId },
    ],
    decide(view, args, context) {
      assertLead(context.actor, 'correggere i tempi di un intervento');
      const intervention = requireIntervention(view, args.interventionId);
      if (intervention.status !== 'stopped') throw new AppFailure('stale', 'Si correggono i tempi di un intervento concluso.');
      const segments = view.segments(intervention.id);
      const segment = segments.find((item) => item.id === args.segmentId);
      if (!segment) throw new AppFailure('not_found', 'Segmento di lavoro non trovato per questo intervento.');
      assertInstantNotBefore(args.endedAt, args.startedAt, 'Fine del segmento');
      if (args.endedAt === args.startedAt) throw new AppFailure('invalid_argument', 'Un segmento di lavoro deve durare almeno un istante.');
      assertNotInFuture(args.endedAt, context, 'Fine del segmento');
      const others = segments.filter((item) => item.id !== segment.id);
      if (others.some((item) => item.endedAt !== null && item.startedAt < args.endedAt && args.startedAt < item.endedAt))
        throw new AppFailure('invalid_argument', 'Il segmento corretto si sovrappone a un altro segmento dello stesso intervento.');
      // The lead has set the times: nothing is left for the technician to confirm.
      const adjusted = { ...segment, startedAt: args.startedAt, endedAt: args.endedAt, awaitingConfirmation: false };
      const all = [...others, adjusted];
      const startedAt = all.reduce((first, item) => (item.startedAt < first ? item.startedAt : first), adjusted.startedAt);
      const stoppedAt = all.reduce((last, item) => (item.endedAt !== null && item.endedAt > last ? item.endedAt : last), args.endedAt);
      return effects({
        writes: [
          { entity: 'timer_segment', row: adjusted },
          { entity: 'intervention', row: { ...intervention, startedAt, stoppedAt } },
        ],
        audits: [{ entity: 'intervention', entityId: intervention.id, action: 'intervention.adjustSegment', before: { startedAt: segment.startedAt, endedAt: segment.endedAt }, after: { startedAt: args.startedAt, endedAt: args.endedAt }, reason: args.reason }],
        evaluate: [{ entity: 'intervention', id: intervention.id, reason: 'Tempi corretti dal team leader' }],
      });
    },
  },

  'intervention.confirmSegment': {
    reads: (args) => [
      { kind: 'row', entity: 'intervention', id: args.interventionId },
      { kind: 'segments', interventionId: args.interventionId },
    ],
    decide(view, args, context) {
      const intervention = requireIntervention(view, args.interventionId);
      // Confirming changes no time and no money: the technician may do it even on approved work.
      if (!isLead(context.actor) && intervention.technicianId !== context.actor.id) throw new AppFailure('forbidden', 'L’intervento appartiene a un altro tecnico.');
      const segment = view.segments(intervention.id).find((item) => item.id === args.segmentId);
      if (!segment) throw new AppFailure('not_found', 'Segmento di lavoro non trovato per questo intervento.');
      if (!segment.awaitingConfirmation) return noEffects();
      return effects({ writes: [{ entity: 'timer_segment', row: { ...segment, awaitingConfirmation: false } }] });
    },
  },

  'device.upsert': {
    reads: (args) => [
      { kind: 'row', entity: 'device', id: args.id },
      { kind: 'row', entity: 'customer', id: args.customerId },
      { kind: 'keyTaken', entity: 'device', value: args.serial, exceptId: args.id },
      { kind: 'deviceWork', deviceId: args.id },
    ],
    decide(view, args, context) {
      if (!view.row('customer', args.customerId)) throw new AppFailure('not_found', 'Cliente non trovato.');
      if (view.keyTaken('device', args.serial, args.id)) throw new AppFailure('conflict', `Esiste già un dispositivo con matricola ${args.serial}.`);
      assertDayNotInFuture(args.purchaseDate, context, 'Data di acquisto');
      const { id, customerId, model, serial, purchaseDate, warrantyMonths } = args;
      const existing = view.row('device', args.id);
      if (!existing) {
        // A purchase date given on the spot by a technician is the customer's word: the warranty waits for a lead.
        const warrantyReview = registrationNeedsWarrantyReview(context.actor, args, context) ? declaredWarrantyReason : null;
        return effects({
          writes: [{ entity: 'device', row: { id, customerId, model, serial, purchaseDate, warrantyMonths, warrantyReview } }],
          audits: warrantyReview
            ? [{ entity: 'device', entityId: id, action: 'device.warrantyReview', before: null, after: { purchaseDate, warrantyMonths }, reason: warrantyReview }]
            : [],
        });
      }
      if (existing.customerId !== args.customerId) throw new AppFailure('invalid_argument', 'Il dispositivo è registrato per un altro cliente.');
      const warrantyChanged = existing.purchaseDate !== purchaseDate || existing.warrantyMonths !== warrantyMonths;
      if (!warrantyChanged) return effects({ writes: [{ entity: 'device', row: { id, customerId, model, serial, purchaseDate, warrantyMonths, warrantyReview: existing.warrantyReview } }] });
      // Purchase date and warranty decide what is billed: only a lead changes them, saying why; the lead's word confirms them.
      assertLead(context.actor, 'modificare data di acquisto o mesi di garanzia di un dispositivo');
      if (!args.reason) throw new AppFailure('invalid_argument', 'Indica il motivo della modifica della garanzia.');
      const changed: SyncedRow<'device'> = { id, customerId, model, serial, purchaseDate, warrantyMonths, warrantyReview: null };
      const work = view.deviceWork(id);
      return effects({
        writes: [{ entity: 'device', row: changed }, ...repairsRejudged(work.repairs, changed, context)],
        evaluate: workToReprice(work, 'Dati di garanzia modificati dal team leader'),
        audits: [
          {
            entity: 'device',
            entityId: id,
            action: 'device.warranty',
            before: { purchaseDate: existing.purchaseDate, warrantyMonths: existing.warrantyMonths },
            after: { purchaseDate, warrantyMonths },
            reason: args.reason,
          },
        ],
      });
    },
  },

  'device.confirmWarranty': {
    reads: (args) => [
      { kind: 'row', entity: 'device', id: args.deviceId },
      { kind: 'deviceWork', deviceId: args.deviceId },
    ],
    decide(view, args, context) {
      assertLead(context.actor, 'confermare la garanzia di un dispositivo');
      const device = view.row('device', args.deviceId);
      if (!device) throw new AppFailure('not_found', 'Dispositivo non trovato.');
      if (!device.warrantyReview) return noEffects();
      const confirmed = { ...device, warrantyReview: null };
      const work = view.deviceWork(device.id);
      return effects({
        writes: [{ entity: 'device', row: confirmed }, ...repairsRejudged(work.repairs, confirmed, context)],
        audits: [{ entity: 'device', entityId: device.id, action: 'device.confirmWarranty', before: { warrantyReview: device.warrantyReview }, after: { warrantyReview: null }, reason: device.warrantyReview }],
        evaluate: workToReprice(work, 'Garanzia del dispositivo confermata dal team leader'),
      });
    },
  },

  'repair.create': {
    reads: (args) => [
      { kind: 'row', entity: 'repair', id: args.id },
      { kind: 'row', entity: 'device', id: args.deviceId },
      ...(args.ticketId ? [{ kind: 'row', entity: 'ticket', id: args.ticketId } as const] : []),
    ],
    decide(view, args, context) {
      if (view.row('repair', args.id)) return noEffects();
      const device = view.row('device', args.deviceId);
      if (!device || device.customerId !== args.customerId) throw new AppFailure('not_found', 'Dispositivo non trovato per questo cliente.');
      if (args.ticketId && !view.row('ticket', args.ticketId)) throw new AppFailure('not_found', 'Ticket non trovato.');
      // The receipt day decides the warranty: never a future day, and one long past waits for a lead.
      assertDayNotInFuture(args.receivedOn, context, 'Data di ricevimento');
      const reviewReason = isBackdatedDay(args.receivedOn, context) ? backdatedReceiptReason(args.receivedOn, context) : null;
      // The verdict is taken on the day the device is received, and kept with the record (the stricter one while unconfirmed).
      const warranty = repairWarrantyStatus(device, { receivedOn: args.receivedOn, reviewReason });
      const row: SyncedRow<'repair'> = {
        id: args.id,
        customerId: args.customerId,
        deviceId: args.deviceId,
        ticketId: args.ticketId,
        reportedDefect: args.reportedDefect,
        diagnosis: '',
        parts: '',
        labourMinutes: 0,
        restoreMinutes: 0,
        transport: false,
        status: 'received',
        receivedOn: args.receivedOn,
        warrantyCovered: warranty.covered,
        warrantyExpiresOn: warranty.expiresOn,
        labourLoggedAt: null,
        restoreLoggedAt: null,
        billing: null,
        reviewReason,
        partsUsed: [],
        transportNetCents: null,
        updatedAt: context.now,
      };
      return effects({
        writes: [{ entity: 'repair', row }],
        audits: reviewReason ? [{ entity: 'repair', entityId: args.id, action: 'repair.receiptReview', before: null, after: { receivedOn: args.receivedOn }, reason: reviewReason }] : [],
      });
    },
  },

  'repair.approveReceipt': {
    reads: (args) => [
      { kind: 'row', entity: 'repair', id: args.repairId },
      { kind: 'row', entity: 'device', id: args.deviceId },
    ],
    decide(view, args, context) {
      assertLead(context.actor, 'confermare la data di ricevimento di una riparazione');
      const repair = requireRepair(view, args.repairId);
      if (!repair.reviewReason) return noEffects();
      const device = view.row('device', args.deviceId);
      if (!device || device.id !== repair.deviceId) throw new AppFailure('not_found', 'Dispositivo non trovato per questa riparazione.');
      const approved = { ...repair, reviewReason: null, warrantyCovered: repairWarrantyStatus(device, { receivedOn: repair.receivedOn }).covered, updatedAt: context.now };
      return effects({
        writes: [{ entity: 'repair', row: approved }],
        audits: [{ entity: 'repair', entityId: repair.id, action: 'repair.approveReceipt', before: { receivedOn: repair.receivedOn, warrantyCovered: repair.warrantyCovered }, after: { warrantyCovered: approved.warrantyCovered }, reason: repair.reviewReason }],
        evaluate: isRepairChargeable(repair.status) ? [{ entity: 'repair', id: repair.id, reason: 'Data di ricevimento confermata dal team leader' }] : [],
      });
    },
  },

  'repair.update': {
    reads: (args) => [{ kind: 'row', entity: 'repair', id: args.repairId }],
    decide(view, args, context) {
      const repair = requireRepair(view, args.repairId);
      if (isRepairClosed(repair.status)) throw new AppFailure('stale', 'La riparazione è già conclusa.');
      const { changes } = args;
      const labourLogged = changes.labourMinutes !== undefined && changes.labourMinutes !== repair.labourMinutes;
      const restoreLogged = changes.restoreMinutes !== undefined && changes.restoreMinutes !== repair.restoreMinutes;
      const loggedAt = args.loggedAt ?? context.now;
      if (labourLogged || restoreLogged) {
        assertNotInFuture(loggedAt, context, 'Manodopera della riparazione');
        if (romeDay(loggedAt) < repair.receivedOn) {
          throw new AppFailure('invalid_argument', 'La manodopera non può essere registrata prima del ricevimento del dispositivo.');
        }
      }
      const priced = changes.transportNetCents !== undefined && changes.transportNetCents !== repair.transportNetCents;
      if (priced) {
        assertLead(context.actor, 'stabilire il prezzo del trasporto');
        if (!args.reason) throw new AppFailure('invalid_argument', 'Indica il motivo del prezzo del trasporto.');
      }
      const row: SyncedRow<'repair'> = {
        ...repair,
        ...changes,
        labourLoggedAt: labourLogged ? loggedAt : repair.labourLoggedAt,
        restoreLoggedAt: restoreLogged ? loggedAt : repair.restoreLoggedAt,
        updatedAt: context.now,
      };
      const partsChanged = changes.partsUsed !== undefined && JSON.stringify(changes.partsUsed) !== JSON.stringify(repair.partsUsed);
      const recharge =
        isRepairChargeable(row.status) && (labourLogged || restoreLogged || partsChanged || priced || (changes.transport ?? repair.transport) !== repair.transport);
      return effects({
        writes: [{ entity: 'repair', row }],
        audits: priced
          ? [{ entity: 'repair', entityId: repair.id, action: 'repair.priceTransport', before: { transportNetCents: repair.transportNetCents }, after: { transportNetCents: changes.transportNetCents }, reason: args.reason ?? '' }]
          : [],
        evaluate: recharge ? [{ entity: 'repair', id: repair.id, reason: 'Riparazione aggiornata' }] : [],
      });
    },
  },

  'repair.advance': {
    reads: (args) => [{ kind: 'row', entity: 'repair', id: args.repairId }],
    decide(view, args, context) {
      const repair = requireRepair(view, args.repairId);
      if (repair.status === args.status) return noEffects();
      if (!canMoveRepair(repair.status, args.status)) {
        throw new AppFailure('stale', `La riparazione è «${repairStatusLabels[repair.status]}»: non può passare a «${repairStatusLabels[args.status]}».`);
      }
      return effects({
        writes: [{ entity: 'repair', row: { ...repair, status: args.status, updatedAt: context.now } }],
        // Finished work is charged: the figures are drawn when the repair is ready, returned or rejected.
        evaluate: isRepairChargeable(args.status) ? [{ entity: 'repair', id: repair.id, reason: `Riparazione: ${repairStatusLabels[args.status]}` }] : [],
      });
    },
  },

  'hourBank.grant': {
    reads: (args) => hourBankReads(args.customerId),
    decide(view, args, context) {
      const bank = hourBankFor(view, args.customerId, context, 'concedere ore gratuite');
      const after = { ...bank, freeMinutes: bank.freeMinutes + args.minutes };
      return effects({
        writes: [{ entity: 'hour_bank', row: after }],
        hourBank: [{ kind: 'ledger', customerId: args.customerId, entryType: 'grant', source: 'free', packageId: null, minutes: args.minutes, reason: args.reason }],
        audits: [{ entity: 'customer', entityId: args.customerId, action: 'hourBank.grant', before: { freeMinutes: bank.freeMinutes }, after: { freeMinutes: after.freeMinutes }, reason: args.reason }],
      });
    },
  },

  'hourBank.registerPackage': {
    reads: (args) => hourBankReads(args.customerId),
    decide(view, args, context) {
      const bank = hourBankFor(view, args.customerId, context, 'registrare i pacchetti di ore');
      // Already registered (a console re-applying its pending work): nothing more to do.
      if (bank.packages.some((item) => item.id === args.id)) return noEffects();
      const registered = {
        id: args.id,
        totalMinutes: args.minutes,
        remainingMinutes: args.minutes,
        purchasedOn: args.purchasedOn,
        ...(args.expiresOn ? { expiresOn: args.expiresOn } : {}),
      };
      // In the order the API lists them: by purchase day, then id.
      const packages = [...bank.packages, registered].sort((a, b) => a.purchasedOn.localeCompare(b.purchasedOn) || a.id.localeCompare(b.id));
      return effects({
        writes: [{ entity: 'hour_bank', row: { ...bank, packages } }],
        hourBank: [{ kind: 'package', id: args.id, customerId: args.customerId, minutes: args.minutes, rateCents: args.rateCents, purchasedOn: args.purchasedOn, expiresOn: args.expiresOn }],
        audits: [{ entity: 'customer', entityId: args.customerId, action: 'hourBank.registerPackage', before: null, after: { packageId: args.id, minutes: args.minutes, rateCents: args.rateCents, purchasedOn: args.purchasedOn, expiresOn: args.expiresOn }, reason: 'Vendita di un pacchetto di ore' }],
      });
    },
  },

  'hourBank.adjust': {
    reads: (args) => hourBankReads(args.customerId),
    decide(view, args, context) {
      const bank = hourBankFor(view, args.customerId, context, 'rettificare il monte ore');
      let after: SyncedRow<'hour_bank'>;
      if (args.packageId === null) {
        const freeMinutes = bank.freeMinutes + args.minutes;
        if (freeMinutes < 0) throw new AppFailure('invalid_argument', `Le ore gratuite residue sono ${bank.freeMinutes} minuti: la rettifica le renderebbe negative.`);
        after = { ...bank, freeMinutes };
      } else {
        const target = bank.packages.find((item) => item.id === args.packageId);
        if (!target) throw new AppFailure('not_found', 'Pacchetto non trovato per questo cliente.');
        const remainingMinutes = target.remainingMinutes + args.minutes;
        if (remainingMinutes < 0 || remainingMinutes > target.totalMinutes)
          throw new AppFailure('invalid_argument', `Il residuo del pacchetto deve restare tra 0 e ${target.totalMinutes} minuti.`);
        after = { ...bank, packages: bank.packages.map((item) => (item.id === target.id ? { ...item, remainingMinutes } : item)) };
      }
      return effects({
        writes: [{ entity: 'hour_bank', row: after }],
        hourBank: [{ kind: 'ledger', customerId: args.customerId, entryType: 'adjustment', source: args.packageId === null ? 'free' : 'package', packageId: args.packageId, minutes: args.minutes, reason: args.reason }],
        audits: [{ entity: 'customer', entityId: args.customerId, action: 'hourBank.adjust', before: bank, after, reason: args.reason }],
      });
    },
  },

  'calendar.edit': {
    reads: () => [{ kind: 'row', entity: 'support_calendar', id: supportCalendarId }],
    decide(view, args, context) {
      assertLead(context.actor, 'modificare il calendario dell’assistenza');
      const current = view.row('support_calendar', supportCalendarId) ?? {
        id: supportCalendarId,
        revision: 0,
        calendar: defaultSupportCalendar,
        updatedAt: context.now,
        updatedBy: null,
      };
      const edited = applyCalendarEdit(current.calendar, args.edit);
      const { version: _before, ...beforeContent } = current.calendar;
      const { version: _after, ...afterContent } = edited;
      // Replayed or already true (the same closure added twice): nothing changes, no new version.
      if (JSON.stringify(beforeContent) === JSON.stringify(afterContent)) return noEffects();
      const revision = current.revision + 1;
      return effects({
        writes: [
          {
            entity: 'support_calendar',
            row: { id: supportCalendarId, revision, calendar: { ...edited, version: String(revision) }, updatedAt: context.now, updatedBy: context.actor.id },
          },
        ],
        audits: [
          {
            entity: 'support_calendar',
            entityId: supportCalendarId,
            action: 'calendar.edit',
            before: { revision: current.revision },
            after: { revision, change: describeCalendarEdit(args.edit) },
            reason: args.reason,
          },
        ],
      });
    },
  },

  'contract.add': {
    reads: (args) => [
      { kind: 'row', entity: 'contract', id: args.id },
      { kind: 'row', entity: 'customer', id: args.customerId },
      { kind: 'customerContracts', customerId: args.customerId },
      { kind: 'customerOpenWork', customerId: args.customerId },
    ],
    decide(view, args, context) {
      assertLead(context.actor, 'registrare i contratti di assistenza');
      if (view.row('contract', args.id)) return noEffects();
      if (!view.row('customer', args.customerId)) throw new AppFailure('not_found', 'Cliente non trovato.');
      const row: SyncedRow<'contract'> = { id: args.id, customerId: args.customerId, kind: args.kind, validFrom: args.validFrom, validTo: args.validTo, notes: args.notes };
      assertContractPeriod(row);
      assertNoOverlap(view.customerContracts(args.customerId), row);
      return effects({
        writes: [{ entity: 'contract', row }],
        audits: [{ entity: 'contract', entityId: row.id, action: 'contract.add', before: null, after: row, reason: args.reason }],
        evaluate: openWorkToReprice(view.customerOpenWork(args.customerId), 'Nuovo contratto del cliente'),
      });
    },
  },

  'contract.amend': {
    reads: (args) => contractReads(args.contractId, args.customerId),
    decide(view, args, context) {
      assertLead(context.actor, 'modificare i contratti di assistenza');
      const contract = requireContract(view, args.contractId, args.customerId);
      return changeContract(view, contract, { ...contract, ...args.changes }, 'contract.amend', args.reason);
    },
  },

  'contract.end': {
    reads: (args) => contractReads(args.contractId, args.customerId),
    decide(view, args, context) {
      assertLead(context.actor, 'terminare i contratti di assistenza');
      const contract = requireContract(view, args.contractId, args.customerId);
      return changeContract(view, contract, { ...contract, validTo: args.lastDay }, 'contract.end', args.reason);
    },
  },

  'customer.update': {
    reads: (args) => [{ kind: 'row', entity: 'customer', id: args.id }, ...(args.changes.accountManagerId ? [{ kind: 'row', entity: 'user', id: args.changes.accountManagerId } as const] : [])],
    decide(view, args, context) {
      assertLead(context.actor, 'modificare l’anagrafica dei clienti');
      const customer = view.row('customer', args.id);
      if (!customer) throw new AppFailure('not_found', 'Cliente non trovato.');
      if (args.changes.accountManagerId && !view.row('user', args.changes.accountManagerId)) throw new AppFailure('not_found', 'Collega non trovato o disattivato: scegli un altro account di riferimento.');
      const changed = (Object.keys(args.changes) as Array<keyof typeof args.changes>).filter((key) => args.changes[key] !== undefined && args.changes[key] !== customer[key]);
      // Replayed, or saved without a change: nothing to write or audit.
      if (changed.length === 0) return noEffects();
      const row: SyncedRow<'customer'> = { ...customer, ...args.changes };
      return effects({
        writes: [{ entity: 'customer', row }],
        audits: [
          {
            entity: 'customer',
            entityId: customer.id,
            action: 'customer.update',
            before: Object.fromEntries(changed.map((key) => [key, customer[key]])),
            after: Object.fromEntries(changed.map((key) => [key, row[key]])),
            reason: 'Anagrafica corretta',
          },
        ],
      });
    },
  },

  'policy.set': {
    reads: () => [{ kind: 'row', entity: 'billing_policy', id: billingPolicyId }],
    decide(view, args, context) {
      assertAdmin(context.actor, 'cambiare la tariffa e l’IVA');
      const current = view.row('billing_policy', billingPolicyId) ?? { id: billingPolicyId, revision: 0, versions: [], updatedAt: context.now, updatedBy: null };
      const { reason, ...change } = args;
      const versions = withPolicyVersion(current.versions, change, romeDay(context.now));
      // Replayed (the same version set twice): nothing changes, no new revision.
      if (JSON.stringify(versions) === JSON.stringify(current.versions)) return noEffects();
      const revision = current.revision + 1;
      return effects({
        writes: [{ entity: 'billing_policy', row: { id: billingPolicyId, revision, versions, updatedAt: context.now, updatedBy: context.actor.id } }],
        audits: [{ entity: 'billing_policy', entityId: billingPolicyId, action: 'policy.set', before: { revision: current.revision }, after: { revision, ...change }, reason }],
      });
    },
  },

  'quality.sample': {
    reads: (args) => [
      { kind: 'row', entity: 'quality_week', id: qualityWeekId(args.week) },
      { kind: 'qualityCandidates', week: args.week },
    ],
    decide(view, args, context) {
      assertLead(context.actor, 'estrarre il campione per le chiamate di qualità');
      const { monday } = qualityWeekBounds(args.week);
      if (monday > romeDay(context.now)) throw new AppFailure('invalid_argument', 'La settimana non è ancora iniziata: si campionano i ticket già chiusi.');
      // Drawn once: the week's list is the one the team works through, reproducible, never redrawn.
      if (view.row('quality_week', qualityWeekId(args.week))) return noEffects();
      const { candidates, recentlySampledCustomers } = view.qualityCandidates(args.week);
      const sample = qualitySample({ week: args.week, sharePercent: args.sharePercent, candidates, recentlySampledCustomers: new Set(recentlySampledCustomers) });
      if (sample.closedTickets === 0) throw new AppFailure('not_found', 'Nessun ticket chiuso in questa settimana: non c’è nessuno da chiamare.');
      const row: SyncedRow<'quality_week'> = {
        id: qualityWeekId(args.week),
        week: args.week,
        sharePercent: args.sharePercent,
        closedTickets: sample.closedTickets,
        sampledAt: context.now,
        sampledBy: context.actor.id,
        calls: sample.chosen.map((candidate) => ({ ...candidate, outcome: 'pending', rating: null, notes: '', attempts: 0, calledAt: null, calledBy: null })),
      };
      return effects({ writes: [{ entity: 'quality_week', row }] });
    },
  },

  'quality.record': {
    reads: (args) => [{ kind: 'row', entity: 'quality_week', id: qualityWeekId(args.week) }],
    decide(view, args, context) {
      assertLead(context.actor, 'registrare le chiamate di qualità');
      const sample = view.row('quality_week', qualityWeekId(args.week));
      if (!sample) throw new AppFailure('not_found', 'Il campione di questa settimana non è ancora stato estratto.');
      const call = sample.calls.find((item) => item.ticketId === args.ticketId);
      if (!call) throw new AppFailure('not_found', 'Questo ticket non è nel campione della settimana.');
      if (args.outcome === 'reached' && args.rating === null) throw new AppFailure('invalid_argument', 'Indica il voto (da 1 a 5) dato dal cliente.');
      if (args.outcome === 'not_reached' && args.rating !== null) throw new AppFailure('invalid_argument', 'Il voto si registra solo se il cliente è stato raggiunto.');
      assertNotInFuture(args.at, context, 'Chiamata di qualità');
      const recorded = { ...call, outcome: args.outcome, rating: args.rating, notes: args.notes, attempts: call.attempts + 1, calledAt: args.at, calledBy: context.actor.id };
      return effects({
        writes: [{ entity: 'quality_week', row: { ...sample, calls: sample.calls.map((item) => (item.ticketId === call.ticketId ? recorded : item)) } }],
      });
    },
  },
};

/** The customer's hour bank as it stands, for a lead's command on it. */
const hourBankFor = (view: CommandView, customerId: string, context: DecisionContext, what: string) => {
  assertLead(context.actor, what);
  if (!view.row('customer', customerId)) throw new AppFailure('not_found', 'Cliente non trovato.');
  return view.row('hour_bank', customerId) ?? { customerId, freeMinutes: 0, packages: [] };
};
const hourBankReads = (customerId: string): ViewQuery[] => [
  { kind: 'row', entity: 'customer', id: customerId },
  { kind: 'row', entity: 'hour_bank', id: customerId },
];

/** The reads a command needs, for the end that will load them. */
export const commandReads = (command: Command): ViewQuery[] => (definitions[command.name] as Definition<CommandName>).reads(command.args as never);

/** Decides a command over the loaded view: its effects, or an `AppFailure` with the Italian reason. */
export const decideCommand = (view: CommandView, command: Command, context: DecisionContext): CommandEffects => {
  try {
    return (definitions[command.name] as Definition<CommandName>).decide(view, command.args as never, context);
  } catch (error) {
    // A domain rule refusing the input (a closure that never ends, 30 February) is the user's to read at both ends.
    if (error instanceof DomainRangeError) throw new AppFailure('invalid_argument', error.message);
    throw error;
  }
};
