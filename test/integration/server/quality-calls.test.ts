import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/shared/ids.ts';
import { qualitySample, qualityWeekId, qualityWeekRowToWire } from '../../../src/shared/review/quality-calls.ts';
import { openConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/** Friday 27 November 2026, evening: the week 2026-W48 has closed tickets; 2026-W49 has not begun. */
const clock = () => new Date('2026-11-27T18:00:00.000Z');
const closedOn = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour - 1)).toISOString();

describe.each(engineNames)('quality calls (%s)', (engine) => {
  let server: TestServer;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  const customers: string[] = [];

  const codes = (answer: Awaited<ReturnType<TestServer['call']>>) =>
    (answer.body.value.results as Array<{ status: string; error?: { code: string; message: string } }>).map((result) => result.error?.code ?? result.status);
  const readWeek = async (week: string) => {
    const row = await server.db.selectFrom('quality_weeks').selectAll().where('id', '=', qualityWeekId(week)).executeTakeFirst();
    return row ? qualityWeekRowToWire(row) : null;
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    lead = await server.consoleFor('lead@test.it');
    anna = await server.consoleFor('anna@test.it');
    // Twelve customers; thirty tickets closed in week 48 (some customers twice), two in week 47.
    const commands = [];
    for (let n = 0; n < 12; n++) {
      const id = newId();
      customers.push(id);
      commands.push(lead.command('customer.create', { id, code: `Q${n}`, name: `Cliente ${n}`, vatNumber: null, email: null, phone: `0341 00${n}`, city: null }));
    }
    const close = (ticketNumber: string, customerId: string, day: number) => {
      const id = newId();
      commands.push(
        lead.command('ticket.create', { id, number: ticketNumber, customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: closedOn(day, 9) }),
        lead.command('ticket.close', { ticketId: id, cause: 'vendor', resolution: 'Risolto', closedAt: closedOn(day) }),
      );
    };
    for (let n = 0; n < 30; n++) close(`Q48-${n}`, customers[n % 12]!, 23 + (n % 5));
    close('Q47-0', customers[0]!, 18);
    close('Q47-1', customers[1]!, 19);
    expect(new Set(codes(await lead.push(commands)))).toEqual(new Set(['applied']));
  });
  afterAll(async () => server.stop());

  it('only team leads draw the sample; a week not begun or with nothing closed is refused', async () => {
    expect(codes(await anna.push([anna.command('quality.sample', { week: '2026-W48' })]))).toEqual(['forbidden']);
    expect(codes(await lead.push([lead.command('quality.sample', { week: '2026-W49' })]))).toEqual(['invalid_argument']);
    expect(codes(await lead.push([lead.command('quality.sample', { week: '2026-W46' })]))).toEqual(['not_found']);
    expect(await readWeek('2026-W48')).toBeNull();
  });

  it('draws the week once (10% of 30 closed tickets: three customers), reproducibly, and every console gets it', async () => {
    expect(codes(await lead.push([lead.command('quality.sample', { week: '2026-W48' })]))).toEqual(['applied']);
    const sample = await readWeek('2026-W48');
    expect(sample).toMatchObject({ week: '2026-W48', sharePercent: 10, closedTickets: 30, sampledBy: server.users.lead });
    expect(sample!.calls).toHaveLength(3);
    expect(new Set(sample!.calls.map((call) => call.customerId)).size).toBe(3);
    expect(sample!.calls.every((call) => call.outcome === 'pending' && call.attempts === 0)).toBe(true);

    // The same draw from the same tickets, by the shared rule: reproducible for the week.
    const tickets = await server.db.selectFrom('tickets').select(['id', 'customer_id', 'closed_at']).where('status', '=', 'closed').execute();
    const again = qualitySample({
      week: '2026-W48',
      sharePercent: 10,
      candidates: tickets.map((row) => ({ ticketId: row.id, customerId: row.customer_id, closedAt: row.closed_at! })),
      recentlySampledCustomers: new Set(),
    });
    expect(sample!.calls.map((call) => call.ticketId)).toEqual(again.chosen.map((item) => item.ticketId));

    // Drawing it again (another lead, a larger share) changes nothing: the week's list is the one the team works through.
    expect(codes(await lead.push([lead.command('quality.sample', { week: '2026-W48', sharePercent: 50 })]))).toEqual(['applied']);
    expect(await readWeek('2026-W48')).toEqual(sample);

    const console_ = await openConsole({ serverUrl: server.url, email: 'lead@test.it', clock });
    try {
      await console_.sync();
      const view = await console_.core.handlers['quality.week']({ week: '2026-W48' });
      expect(view.sample?.calls.map((call) => call.ticketId)).toEqual(sample!.calls.map((call) => call.ticketId));
      expect(view.sample?.calls[0]).toMatchObject({ customerName: expect.stringMatching(/^Cliente \d+$/), customerPhone: expect.stringMatching(/^0341 00\d+$/) });
    } finally {
      await console_.remove();
    }
  });

  it('records calls: reached with a rating, or not reached without one; attempts are counted', async () => {
    const call = (await readWeek('2026-W48'))!.calls[0]!;
    const record = (args: Record<string, unknown>) => lead.push([lead.command('quality.record', { week: '2026-W48', ticketId: call.ticketId, notes: '', at: '2026-11-27T16:00:00.000Z', ...args })]);
    expect(codes(await record({ outcome: 'reached', rating: null }))).toEqual(['invalid_argument']);
    expect(codes(await record({ outcome: 'not_reached', rating: 4 }))).toEqual(['invalid_argument']);
    expect(codes(await record({ outcome: 'reached', rating: 4, ticketId: newId() }))).toEqual(['not_found']);
    expect(codes(await anna.push([anna.command('quality.record', { week: '2026-W48', ticketId: call.ticketId, outcome: 'not_reached', rating: null, notes: '', at: '2026-11-27T16:00:00.000Z' })]))).toEqual(['forbidden']);
    expect(codes(await record({ outcome: 'not_reached', rating: null, notes: 'Segreteria' }))).toEqual(['applied']);
    expect(codes(await record({ outcome: 'reached', rating: 5, notes: 'Molto soddisfatto', at: '2026-11-27T17:00:00.000Z' }))).toEqual(['applied']);
    const recorded = (await readWeek('2026-W48'))!.calls.find((item) => item.ticketId === call.ticketId);
    expect(recorded).toMatchObject({ outcome: 'reached', rating: 5, notes: 'Molto soddisfatto', attempts: 2, calledAt: '2026-11-27T17:00:00.000Z', calledBy: server.users.lead });
  });

  it('two leads recording different calls of the week at the same moment both keep theirs', async () => {
    const other = await server.consoleFor('lead@test.it');
    const calls = (await readWeek('2026-W48'))!.calls;
    for (let round = 0; round < 8; round++) {
      const [first, second] = await Promise.all([
        lead.push([lead.command('quality.record', { week: '2026-W48', ticketId: calls[1]!.ticketId, outcome: 'reached', rating: 1 + (round % 5), notes: `Giro ${round}`, at: '2026-11-27T16:00:00.000Z' })]),
        other.push([other.command('quality.record', { week: '2026-W48', ticketId: calls[2]!.ticketId, outcome: 'not_reached', rating: null, notes: `Giro ${round}`, at: '2026-11-27T16:00:00.000Z' })]),
      ]);
      expect([...codes(first), ...codes(second)]).toEqual(['applied', 'applied']);
    }
    const after = (await readWeek('2026-W48'))!.calls;
    expect(after[1]).toMatchObject({ attempts: 8, notes: 'Giro 7' });
    expect(after[2]).toMatchObject({ attempts: 8, notes: 'Giro 7' });
  });

  it('a customer sampled in the last 90 days is not called again the next week', async () => {
    // Week 49 is drawn from the same customers' later tickets: the clock moves to the next Friday.
    const later = await startTestServer(engine, { clock: () => new Date('2026-12-04T18:00:00.000Z') });
    try {
      const leader = await later.consoleFor('lead@test.it');
      const ids: string[] = [];
      const commands = [];
      for (let n = 0; n < 3; n++) {
        const id = newId();
        ids.push(id);
        commands.push(leader.command('customer.create', { id, code: `R${n}`, name: `Ricorrente ${n}`, vatNumber: null, email: null, phone: null, city: null }));
      }
      const close = (customerId: string, day: number, number: string) => {
        const id = newId();
        commands.push(
          leader.command('ticket.create', { id, number, customerId, channel: 'phone', subject: 'Cassa', description: '', priority: 'P3', blocking: false, openedAt: closedOn(day, 9) }),
          leader.command('ticket.close', { ticketId: id, cause: 'vendor', resolution: 'Risolto', closedAt: closedOn(day) }),
        );
      };
      ids.forEach((id, n) => close(id, 24, `W48-${n}`));
      ids.forEach((id, n) => close(id, 32, `W49-${n}`));
      expect(new Set(codes(await leader.push(commands)))).toEqual(new Set(['applied']));
      expect(codes(await leader.push([leader.command('quality.sample', { week: '2026-W48', sharePercent: 100 })]))).toEqual(['applied']);
      expect(codes(await leader.push([leader.command('quality.sample', { week: '2026-W49', sharePercent: 100 })]))).toEqual(['applied']);
      const row = await later.db.selectFrom('quality_weeks').selectAll().where('week', '=', '2026-W49').executeTakeFirstOrThrow();
      const week49 = qualityWeekRowToWire(row);
      // All three were called in week 48: none of them again in week 49.
      expect(week49).toMatchObject({ closedTickets: 3, calls: [] });
    } finally {
      await later.stop();
    }
  });
});
