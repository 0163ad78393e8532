import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLocalRowReader } from '../../../src/main/core/sync/local-commands.ts';
import { readSnapshot } from '../../../src/server/sync/snapshots.ts';
import { workReportHash } from '../../../src/shared/work-report/work-report.ts';
import { newId } from '../../../src/shared/ids.ts';
import { parseCommand, type CommandName } from '../../../src/shared/sync/commands.ts';
import type { SyncEntity } from '../../../src/shared/sync/entities.ts';
import { commandTargets } from '../../../src/shared/sync/targets.ts';
import { toAppError } from '../../../src/shared/result.ts';
import { openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer } from '../../support/server-fixture.ts';

/**
 * Differential test of the one command model: random commands from every group, issued on a
 * console (a technician's and a lead's), must get the same verdict there as on the API, and an
 * accepted command must leave the same rows on both (billing aside: only the API bills). Both ends
 * share one clock, moved a minute per step, so even the time rules must agree.
 */
type Who = 'anna' | 'lead';
type Intent = { name: CommandName; who: Who; a: number; b: number; c: number; flag: boolean; when: number };

const groups: CommandName[] = [
  'customer.create',
  'ticket.create',
  'ticket.create',
  'ticket.assign',
  'ticket.update',
  'ticket.close',
  'intervention.start',
  'intervention.start',
  'intervention.pause',
  'intervention.resume',
  'intervention.stop',
  'intervention.edit',
  'intervention.approve',
  'intervention.adjustSegment',
  'intervention.confirmSegment',
  'device.upsert',
  'device.confirmWarranty',
  'repair.create',
  'repair.create',
  'repair.update',
  'repair.advance',
  'repair.approveReceipt',
  'hourBank.grant',
  'hourBank.registerPackage',
  'hourBank.adjust',
  'calendar.edit',
  'calendar.edit',
  'policy.set',
  'contract.add',
  'contract.add',
  'contract.amend',
  'contract.end',
  'customer.update',
  'quality.sample',
  'quality.record',
  'quality.record',
  'ticket.message',
  'ticket.message',
  'workReport.record',
];
/** Two closures the random edits add and remove (so removing one that is not there happens too). */
const closureIds = ['0193a000-0000-7000-8000-00000000c001', '0193a000-0000-7000-8000-00000000c002'];
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const intent: fc.Arbitrary<Intent> = fc.record({
  name: fc.constantFrom(...groups),
  who: fc.constantFrom<Who>('anna', 'lead'),
  a: fc.nat(20),
  b: fc.nat(20),
  c: fc.nat(20),
  flag: fc.boolean(),
  when: fc.nat(7),
});

/** Minutes before "now" an instant in a command lies; the last two are implausible, one is in the future. */
const offsets = [0, 1, 3, 10, 45, 13 * 60, 9 * 24 * 60, -90];
const statuses = ['received', 'diagnosing', 'repairing', 'ready', 'returned', 'rejected'] as const;

const stripBilling = (row: Record<string, unknown> | null) => {
  if (!row) return row;
  const { billing: _billing, ...rest } = row;
  return rest;
};

describe.each(engineNames)('one command model: console and API agree (%s)', (engine) => {
  it('random commands of every group get the same verdict and leave the same rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(intent, { minLength: 25, maxLength: 45 }), async (intents) => {
        let now = new Date('2026-11-23T07:00:00.000Z');
        const clock = () => now;
        const server = await startTestServer(engine, { clock });
        const consoles: Record<Who, TestConsole> = {
          anna: await openConsole({ serverUrl: server.url, email: 'anna@test.it', clock }),
          lead: await openConsole({ serverUrl: server.url, email: 'lead@test.it', clock }),
        };
        // A second identity per user speaks to the API directly when the console refused a command.
        const direct = { anna: await server.consoleFor('anna@test.it'), lead: await server.consoleFor('lead@test.it') };
        const users = { anna: server.users.anna, lead: server.users.lead };
        const pools = { customers: [server.customerId], contracts: [] as string[], tickets: [] as string[], interventions: [] as string[], segments: [] as string[], devices: [] as string[], repairs: [] as string[], repairDevices: new Map<string, string>() };
        const pick = (pool: string[], n: number) => (pool.length === 0 || n % 7 === 6 ? newId() : pool[n % pool.length]!);
        let verdicts = 0;
        try {
          for (const step of intents) {
            now = new Date(now.getTime() + 60_000);
            const at = new Date(now.getTime() - offsets[step.when]! * 60_000).toISOString();
            const args = argsFor(step, at, pools, pick, users);
            const parsed = parseCommand(step.name, args);
            if (!parsed.ok) continue;
            const console_ = consoles[step.who];
            let local: string;
            try {
              console_.execute(step.name, args);
              local = 'applied';
            } catch (error) {
              local = toAppError(error).code;
            }
            let remote: string;
            if (local === 'applied') {
              const localRows = readLocal(console_, parsed.command);
              await console_.sync();
              const refused = console_.core.sync.rejected();
              remote = refused.length > 0 ? refused[0]!.code : 'applied';
              if (remote === 'applied') {
                const remoteRows = [];
                for (const ref of commandTargets(parsed.command)) remoteRows.push(stripBilling(await readSnapshot(server.db, ref.entity, ref.id)));
                expect(localRows, `${step.name} ${JSON.stringify(args)}`).toEqual(remoteRows);
              }
              for (const item of refused) console_.core.sync.discardRejected(item.mutationId);
            } else {
              const answer = await direct[step.who].push([direct[step.who].command(step.name, args)]);
              const result = answer.body.value.results[0] as { status: string; error?: { code: string } };
              remote = result.status === 'applied' ? 'applied' : (result.error?.code ?? 'unknown');
            }
            expect(local, `${step.who}: ${step.name} ${JSON.stringify(args)}`).toBe(remote);
            verdicts += 1;
            if (remote === 'applied') remember(step.name, args, pools);
            // Both replicas follow the API before the next command.
            await consoles.anna.sync();
            await consoles.lead.sync();
          }
          expect(verdicts).toBeGreaterThan(0);
        } finally {
          await consoles.anna.remove();
          await consoles.lead.remove();
          await server.stop();
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});

/** The rows a command targets, read from a console's replica in the wire's shape. */
const readLocal = (console_: TestConsole, command: Parameters<typeof commandTargets>[0]) => {
  const reader = createLocalRowReader(console_.core.local.sqlite);
  const sqlite = console_.core.local.sqlite;
  return commandTargets(command).map((ref) => {
    if (ref.entity === 'timer_segment') {
      const segment = sqlite
        .prepare<[string], { awaitingConfirmation: number }>('SELECT id, intervention_id AS interventionId, started_at AS startedAt, ended_at AS endedAt, needs_confirmation AS awaitingConfirmation FROM timer_segments WHERE id = ?')
        .get(ref.id);
      return segment ? { ...segment, awaitingConfirmation: segment.awaitingConfirmation === 1 } : null;
    }
    const read = reader[ref.entity as Exclude<SyncEntity, 'timer_segment' | 'contract' | 'feedback' | 'call'>];
    return stripBilling(read(ref.id) as Record<string, unknown> | null);
  });
};

type Pools = { customers: string[]; contracts: string[]; tickets: string[]; interventions: string[]; segments: string[]; devices: string[]; repairs: string[]; repairDevices: Map<string, string> };

const remember = (name: CommandName, args: Record<string, unknown>, pools: Pools) => {
  const add = (pool: string[], id: unknown) => {
    if (typeof id === 'string' && !pool.includes(id)) pool.push(id);
  };
  if (name === 'customer.create') add(pools.customers, args['id']);
  if (name === 'ticket.create') add(pools.tickets, args['id']);
  if (name === 'intervention.start') add(pools.interventions, args['id']);
  if (name === 'intervention.start' || name === 'intervention.resume') add(pools.segments, args['segmentId']);
  if (name === 'device.upsert') add(pools.devices, args['id']);
  if (name === 'contract.add') add(pools.contracts, args['id']);
  if (name === 'repair.create') {
    add(pools.repairs, args['id']);
    pools.repairDevices.set(String(args['id']), String(args['deviceId']));
  }
};

const argsFor = (
  step: Intent,
  at: string,
  pools: Pools,
  pick: (pool: string[], n: number) => string,
  users: Record<Who, string>,
): Record<string, unknown> => {
  const { a, b, c, flag } = step;
  switch (step.name) {
    case 'customer.create':
      return { id: newId(), code: `C-${a % 4}`, name: 'Cliente di prova', vatNumber: null, email: null, phone: null, city: flag ? 'Lecco' : null };
    case 'ticket.create':
      return { id: newId(), number: a % 3 === 0 ? `N-${b % 3}` : `N-${newId().slice(-10)}`, customerId: pick(pools.customers, b), channel: 'phone', subject: 'Richiesta', description: '', priority: 'P3', blocking: flag, openedAt: at };
    case 'ticket.assign':
      return { ticketId: pick(pools.tickets, a), assigneeId: [users.anna, users.lead, null, newId()][b % 4] ?? null, ...(flag ? { reason: 'Riorganizzazione della coda' } : {}) };
    case 'ticket.update':
      return {
        ticketId: pick(pools.tickets, a),
        // Priority and status, and the corrections that change money: blocking, channel, customer.
        changes: [
          { priority: (['P1', 'P2', 'P3', 'P4'] as const)[c % 4] },
          { status: (['open', 'in_progress', 'waiting'] as const)[c % 3] },
          { blocking: c % 2 === 0, channel: 'weekend_line' },
          { customerId: pick(pools.customers, c) },
        ][b % 4],
        ...(flag ? { reason: 'Riorganizzazione della coda' } : {}),
      };
    case 'ticket.close':
      return { ticketId: pick(pools.tickets, a), cause: (['vendor', 'customer', 'unknown'] as const)[b % 3], resolution: 'Risolto', closedAt: at };
    case 'intervention.start':
      return {
        id: newId(),
        ticketId: pick(pools.tickets, a),
        segmentId: newId(),
        deviceId: flag ? pick(pools.devices, b) : null,
        mode: (['remote', 'on_site', 'vendor_site', 'phone'] as const)[b % 4],
        activity: c % 2 === 0 ? 'software_assistance' : 'consultancy',
        backupCheck: 'confirmed',
        startedAt: at,
        // The conditions of standard assistance: not asked, met, or one of them missing.
        ...[{}, { softwareUpToDate: true, conformingSetup: true }, { softwareUpToDate: false, conformingSetup: true }, { softwareUpToDate: true, conformingSetup: false }][c % 4],
      };
    case 'intervention.pause':
      // Sometimes a crash cut: the segment then waits for its technician's confirmation.
      return { interventionId: pick(pools.interventions, a), at, ...(flag ? { crashCut: true } : {}) };
    case 'intervention.stop':
      return { interventionId: pick(pools.interventions, a), at };
    case 'intervention.confirmSegment':
      return { interventionId: pick(pools.interventions, a), segmentId: pick(pools.segments, b) };
    case 'intervention.resume':
      return { interventionId: pick(pools.interventions, a), segmentId: newId(), at };
    case 'intervention.edit':
      return { interventionId: pick(pools.interventions, a), changes: [{ notes: `Nota ${c}` }, { mode: 'on_site' as const }, { softwareUpToDate: false }, { mode: 'vendor_site' as const, conformingSetup: null }][b % 4], ...(flag ? { reason: 'Correzione' } : {}) };
    case 'intervention.approve':
      return { interventionId: pick(pools.interventions, a) };
    case 'intervention.adjustSegment': {
      // Often a segment of another intervention, or one that overlaps: both ends must refuse alike.
      const end = new Date(Date.parse(at) - c * 60_000).toISOString();
      const start = new Date(Date.parse(end) - (5 + b * 7) * 60_000).toISOString();
      return { interventionId: pick(pools.interventions, a), segmentId: pick(pools.segments, b), startedAt: start, endedAt: end, reason: 'Tempi corretti' };
    }
    case 'device.upsert': {
      const existing = b % 2 === 0 && pools.devices.length > 0;
      return {
        id: existing ? pick(pools.devices, a) : newId(),
        customerId: c % 5 === 4 ? pick([], 0) : pick(pools.customers, c),
        model: `Modello ${a % 3}`,
        serial: `S-${(existing ? a : a + b) % 5}`,
        purchaseDate: c % 3 === 0 ? '2025-12-01' : '2025-06-01',
        warrantyMonths: c % 2 === 0 ? 12 : 24,
        ...(flag ? { reason: 'Garanzia estesa' } : {}),
      };
    }
    case 'repair.create':
      // Sometimes a receipt backdated to when an expired device was still covered (it waits for a lead),
      // sometimes a receipt day in the future (refused).
      return {
        id: newId(),
        customerId: pick(pools.customers, b),
        deviceId: pick(pools.devices, a),
        ticketId: flag ? pick(pools.tickets, c) : null,
        reportedDefect: 'Non si accende',
        receivedOn: c % 4 === 3 ? '2026-05-20' : c % 9 === 8 ? '2026-12-24' : at.slice(0, 10),
      };
    case 'device.confirmWarranty':
      return { deviceId: pick(pools.devices, a) };
    case 'repair.approveReceipt':
    {
      // Mostly the repair's own device; sometimes another one, which both ends must refuse.
      const repairId = pick(pools.repairs, a);
      return { repairId, deviceId: b % 4 === 3 ? pick(pools.devices, b) : (pools.repairDevices.get(repairId) ?? newId()) };
    }
    case 'repair.update':
      return {
        repairId: pick(pools.repairs, a),
        changes: flag ? { labourMinutes: b * 5 } : c % 2 === 0 ? { restoreMinutes: c * 5 } : { diagnosis: `Diagnosi ${c}`, transport: b % 2 === 0 },
        ...(c % 3 === 0 ? {} : { loggedAt: at }),
      };
    case 'repair.advance':
      return { repairId: pick(pools.repairs, a), status: statuses[b % statuses.length] };
    case 'hourBank.grant':
      return { customerId: pick(pools.customers, a), minutes: 30 + b * 15, reason: 'Omaggio commerciale' };
    case 'hourBank.registerPackage':
      return { id: newId(), customerId: pick(pools.customers, a), minutes: 600, rateCents: 7000, purchasedOn: '2026-11-0' + ((b % 9) + 1), expiresOn: flag ? null : '2027-11-01' };
    case 'hourBank.adjust':
      // Sometimes more than the pot holds: both ends must refuse it alike.
      return { customerId: pick(pools.customers, a), packageId: null, minutes: (flag ? -1 : 1) * (15 + c * 20), reason: 'Rettifica di prova' };
    case 'contract.add':
      // Overlapping periods of the same kind, open ends, and a period that ends before it starts.
      return {
        id: newId(),
        customerId: pick(pools.customers, a),
        kind: flag ? 'extended' : 'standard',
        validFrom: `2026-${String(1 + (b % 12)).padStart(2, '0')}-01`,
        validTo: c % 3 === 0 ? null : `2026-${String(1 + (c % 12)).padStart(2, '0')}-28`,
        notes: null,
        reason: 'Contratto firmato',
      };
    case 'contract.amend':
      return { contractId: pick(pools.contracts, a), customerId: pick(pools.customers, c), changes: b % 2 === 0 ? { validTo: null } : { kind: flag ? 'extended' : 'standard', notes: 'Rinnovo' }, reason: 'Correzione' };
    case 'contract.end':
      return { contractId: pick(pools.contracts, a), customerId: pick(pools.customers, c), lastDay: `2026-${String(1 + (b % 12)).padStart(2, '0')}-15`, reason: 'Disdetta' };
    case 'customer.update':
      // A lead's only; a wrong VAT number or an empty name is refused alike at both ends.
      return {
        id: pick(pools.customers, a),
        changes: [{ city: 'Verona', province: 'VR' }, { vatNumber: flag ? '01234567897' : '01234567890' }, { name: '' }, { email: 'nuovo@cliente.it', notes: null }][b % 4],
      };
    case 'policy.set':
      // An admin's only: both ends refuse a lead and a technician alike.
      return { effectiveFrom: new Date(Date.parse(at) + (b % 3) * 86_400_000).toISOString().slice(0, 10), hourlyRateCents: 9000, vatRateBasisPoints: 2200, minimumMinutes: 60, incrementMinutes: 30, extendedIncludedMinutes: 60, transportFeeCents: 3000, reason: 'Nuovo listino' };
    case 'calendar.edit': {
      const day = new Date(Date.parse(at) + b * 86_400_000).toISOString().slice(0, 10);
      const windows = flag ? [] : [{ start: '09:00', end: '11:00' }];
      const edits = [
        { kind: 'addClosure', id: closureIds[c % 2], from: day, to: day, name: 'Chiusura di prova', windows },
        { kind: 'removeClosure', id: closureIds[c % 2] },
        // Closing all five weekdays one by one ends in a refusal both ends must give.
        { kind: 'setWeekday', weekday: weekdays[b % 7], windows },
        { kind: 'setHoliday', month: 12, day: 7, name: 'Sant’Ambrogio', windows },
        { kind: 'removeHoliday', month: 12, day: 7 + (c % 2) },
        { kind: 'setHandlingTarget', priority: (['P1', 'P2', 'P3', 'P4'] as const)[b % 4], takeMinutes: 10 + c * 10, resolveMinutes: flag ? 5 : 600 },
      ];
      return { edit: edits[a % edits.length], reason: 'Calendario di prova' };
    }
    case 'quality.sample':
      // Last week (nothing closed then), this week, or next week (not begun): both ends must agree on each.
      return { week: ['2026-W47', '2026-W48', '2026-W48', '2026-W49'][a % 4], sharePercent: [10, 50, 100][b % 3] };
    case 'quality.record':
      return {
        week: '2026-W48',
        ticketId: pick(pools.tickets, a),
        outcome: flag ? 'reached' : 'not_reached',
        rating: flag ? (c % 6 === 5 ? null : (c % 5) + 1) : c % 4 === 0 ? 3 : null,
        notes: 'Cliente soddisfatto',
        at,
      };
    case 'workReport.record': {
      const ticketId = pick(pools.tickets, a);
      const content = {
        ticket: { id: ticketId, number: 'N', subject: 'Richiesta' },
        customer: { code: 'C', name: 'Cliente di prova', site: null, email: null },
        technician: { id: users.anna, name: 'Anna' },
        day: at.slice(0, 10),
        interventions: [{ id: newId(), mode: 'Presso il cliente', activity: 'Assistenza', segments: [{ startedAt: at, endedAt: at }], workedMinutes: 30, billedMinutes: 60, classification: 'A pagamento', reasons: [], notes: '', netCents: 8000, vatCents: 1760, grossCents: 9760 }],
        partsUsed: '',
        notes: '',
        nextSteps: '',
        totals: { workedMinutes: 30, billedMinutes: 60, netCents: 8000, vatCents: 1760, grossCents: 9760 },
        provisionalNotice: 'Provvisorio',
        composedAt: at,
      };
      const signature = { kind: 'declined' as const, reason: 'Cliente assente', recordedAt: at };
      return { id: newId(), ticketId, supersedes: null, content, signature, contentHash: flag && b % 3 === 0 ? 'f'.repeat(64) : workReportHash(content, signature) };
    }
    case 'ticket.message':
      return { id: newId(), ticketId: pick(pools.tickets, a), visibility: flag ? 'public' : 'internal', body: b % 5 === 0 ? '   ' : 'Il server è di nuovo raggiungibile', writtenAt: at };
  }
};
