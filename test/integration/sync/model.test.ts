import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { consoleState, openConsole, type TestConsole } from '../../support/console-fixture.ts';
import { startLoopbackProxy } from '../../support/loopback-proxy.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer } from '../../support/server-fixture.ts';
import { serverState } from '../../support/server-state.ts';

/**
 * Model-based test: random sequences of commands from two consoles, disconnections, lost
 * answers and console restarts, against a simple in-memory model of what the server should
 * end up holding. At the end every console and the server agree, and the server agrees with
 * the model.
 */
type ModelTicket = {
  id: string;
  status: 'open' | 'closed';
  priority: string;
  assignee: 'anna' | 'lead' | null;
};
type Who = 'anna' | 'lead';
type Action =
  | { kind: 'create'; who: Who }
  | { kind: 'priority'; who: Who; ticket: number; priority: 'P1' | 'P2' | 'P3' | 'P4' }
  | { kind: 'take'; who: Who; ticket: number }
  | { kind: 'close'; who: Who; ticket: number }
  | { kind: 'sync'; who: Who }
  | { kind: 'offline'; who: Who }
  | { kind: 'online'; who: Who }
  | { kind: 'dropNextAnswer'; who: Who }
  | { kind: 'restart'; who: Who };

const who = fc.constantFrom<Who>('anna', 'lead');
const index = fc.nat(7);
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), who }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('priority' as const),
      who,
      ticket: index,
      priority: fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const, 'P4' as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('take' as const), who, ticket: index }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const), who, ticket: index }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), who }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('offline' as const), who }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('online' as const), who }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dropNextAnswer' as const), who }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('restart' as const), who }), weight: 1 },
);

type Queued =
  | { kind: 'create'; id: string }
  | { kind: 'priority'; id: string; priority: string }
  | { kind: 'take'; id: string }
  | { kind: 'close'; id: string };

/** The server's rules, for the fields this model follows. */
const applyToModel = (tickets: Map<string, ModelTicket>, actor: Who, command: Queued) => {
  if (command.kind === 'create') {
    tickets.set(command.id, { id: command.id, status: 'open', priority: 'P3', assignee: null });
    return;
  }
  const ticket = tickets.get(command.id);
  if (!ticket) return;
  const isLead = actor === 'lead';
  if (command.kind === 'take') {
    if (ticket.status === 'closed') return;
    if (!isLead && ticket.assignee !== null) return; // a technician only takes unassigned tickets
    ticket.assignee = actor;
    return;
  }
  if (!isLead && ticket.assignee !== null && ticket.assignee !== actor) return;
  if (ticket.status === 'closed') return;
  // A team lead changing a colleague's ticket must give a reason; this model's lead never does.
  if (command.kind === 'priority' && isLead && ticket.assignee !== null && ticket.assignee !== actor) return;
  if (command.kind === 'priority') ticket.priority = command.priority;
  if (command.kind === 'close') ticket.status = 'closed';
};

describe.each(engineNames)('model-based sync (%s)', (engine) => {
  it('random commands, disconnections and restarts converge to the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArbitrary, { minLength: 5, maxLength: 30 }), async (actions) => {
        const server = await startTestServer(engine);
        const proxies = {
          anna: await startLoopbackProxy(server.url),
          lead: await startLoopbackProxy(server.url),
        };
        const emails = { anna: 'anna@test.it', lead: 'lead@test.it' } as const;
        const consoles: Record<Who, TestConsole> = {
          anna: await openConsole({ serverUrl: proxies.anna.url, email: emails.anna }),
          lead: await openConsole({ serverUrl: proxies.lead.url, email: emails.lead }),
        };
        const userIds = { anna: server.users.anna, lead: server.users.lead };
        const model = new Map<string, ModelTicket>();
        const queues: Record<Who, Queued[]> = { anna: [], lead: [] };
        const online: Record<Who, boolean> = { anna: true, lead: true };
        const dropNext: Record<Who, boolean> = { anna: false, lead: false };
        const created: string[] = [];
        let serial = 0;
        try {
          for (const action of actions) {
            const console_ = consoles[action.who];
            const target =
              created.length > 0 && 'ticket' in action ? created[action.ticket % created.length] : undefined;
            const tryExecute = (name: string, args: unknown, queued: Queued) => {
              try {
                console_.execute(name, args);
                queues[action.who].push(queued);
              } catch {
                // Refused locally (unknown or closed ticket, not allowed): never queued, never sent.
              }
            };
            switch (action.kind) {
              case 'create': {
                const id = newId();
                created.push(id);
                tryExecute(
                  'ticket.create',
                  {
                    id,
                    number: `M-${serial++}`,
                    customerId: server.customerId,
                    channel: 'phone',
                    subject: 'Modello',
                    description: '',
                    priority: 'P3',
                    blocking: false,
                    openedAt: new Date().toISOString(),
                  },
                  { kind: 'create', id },
                );
                break;
              }
              case 'priority':
                if (target)
                  tryExecute(
                    'ticket.update',
                    { ticketId: target, changes: { priority: action.priority } },
                    { kind: 'priority', id: target, priority: action.priority },
                  );
                break;
              case 'take':
                if (target)
                  tryExecute(
                    'ticket.assign',
                    { ticketId: target, assigneeId: userIds[action.who] },
                    { kind: 'take', id: target },
                  );
                break;
              case 'close':
                if (target)
                  tryExecute(
                    'ticket.close',
                    {
                      ticketId: target,
                      cause: 'vendor',
                      resolution: 'Risolto',
                      closedAt: new Date().toISOString(),
                    },
                    { kind: 'close', id: target },
                  );
                break;
              case 'offline':
                online[action.who] = false;
                proxies[action.who].setMode('refuse');
                break;
              case 'online':
                online[action.who] = true;
                proxies[action.who].setMode(dropNext[action.who] ? 'drop-push-response' : 'pass');
                break;
              case 'dropNextAnswer':
                dropNext[action.who] = true;
                if (online[action.who]) proxies[action.who].setMode('drop-push-response');
                break;
              case 'restart': {
                await console_.close();
                consoles[action.who] = await openConsole({
                  serverUrl: proxies[action.who].url,
                  email: emails[action.who],
                  dataDirectory: console_.dataDirectory,
                  login: false,
                });
                break;
              }
              case 'sync': {
                const hadPending = queues[action.who].length > 0;
                await console_.sync();
                if (online[action.who]) {
                  // The server applied this console's queue in order, whether or not the answer arrived.
                  for (const queued of queues[action.who]) applyToModel(model, action.who, queued);
                  queues[action.who] = [];
                  if (dropNext[action.who] && hadPending) {
                    dropNext[action.who] = false;
                    proxies[action.who].setMode('pass');
                  }
                }
                break;
              }
            }
          }
          // Reconnect everything and let both consoles settle.
          for (const name of ['anna', 'lead'] as const) {
            proxies[name].setMode('pass');
            if (!online[name] || dropNext[name]) {
              online[name] = true;
              dropNext[name] = false;
            }
          }
          for (const name of ['anna', 'lead'] as const) {
            await consoles[name].sync();
            for (const queued of queues[name]) applyToModel(model, name, queued);
            queues[name] = [];
          }
          for (const name of ['anna', 'lead'] as const) await consoles[name].sync();

          const truth = await serverState(server.db);
          const expected = [...model.values()]
            .map((ticket) => ({
              id: ticket.id,
              status: ticket.status,
              priority: ticket.priority,
              assignee_id: ticket.assignee ? userIds[ticket.assignee] : null,
            }))
            .sort((a, b) => a.id.localeCompare(b.id));
          expect(
            truth.tickets.map(({ id, status, priority, assignee_id }) => ({
              id,
              status,
              priority,
              assignee_id,
            })),
          ).toEqual(expected);
          for (const name of ['anna', 'lead'] as const) {
            expect(consoleState(consoles[name].core)).toEqual(truth);
            expect(consoles[name].core.sync.status().pending).toBe(0);
          }
        } finally {
          for (const name of ['anna', 'lead'] as const) {
            await consoles[name].remove();
            await proxies[name].close();
          }
          await server.stop();
        }
      }),
      {
        numRuns: engine === 'sqlite' ? 25 : 10,
        // Sequences that once failed, kept as regression seeds.
        examples: [
          [[{ kind: 'create', who: 'anna' }, { kind: 'sync', who: 'anna' }, { kind: 'take', who: 'anna', ticket: 0 }, { kind: 'offline', who: 'anna' }, { kind: 'sync', who: 'lead' }, { kind: 'create', who: 'anna' }, { kind: 'priority', who: 'lead', ticket: 0, priority: 'P1' }, { kind: 'dropNextAnswer', who: 'anna' }]],
          [
            [
              { kind: 'create', who: 'anna' },
              { kind: 'take', who: 'anna', ticket: 0 },
              { kind: 'sync', who: 'anna' },
              { kind: 'restart', who: 'lead' },
              { kind: 'create', who: 'anna' },
              { kind: 'sync', who: 'anna' },
              { kind: 'priority', who: 'lead', ticket: 0, priority: 'P1' },
              { kind: 'restart', who: 'anna' },
            ],
          ],
          [
            [
              { kind: 'offline', who: 'anna' },
              { kind: 'close', who: 'anna', ticket: 0 },
              { kind: 'close', who: 'anna', ticket: 0 },
              { kind: 'take', who: 'anna', ticket: 0 },
              { kind: 'sync', who: 'anna' },
              { kind: 'restart', who: 'anna' },
            ],
          ],
        ],
      },
    );
  }, 240_000);
});
