import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskStatus } from '../../../src/shared/domain/index.ts';
import { newId } from '../../../src/shared/ids.ts';
import { readSupportCalendar } from '../../../src/server/calendar/calendar.repository.ts';
import { supportCalendarId } from '../../../src/shared/sync/entities.ts';
import { openConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer, type TestServer } from '../../support/server-fixture.ts';

/** Monday 23 November 2026, 10:00 in Rome: regular support hours in the built-in calendar. */
const mondayMorning = '2026-11-23T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(mondayMorning) + minutes * 60_000).toISOString();

describe.each(engineNames)('support calendar as data (%s)', (engine) => {
  let server: TestServer;
  let anna: Awaited<ReturnType<TestServer['consoleFor']>>;
  let lead: Awaited<ReturnType<TestServer['consoleFor']>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: fixtureEvening });
    anna = await server.consoleFor('anna@test.it');
    lead = await server.consoleFor('lead@test.it');
  });
  afterAll(async () => server.stop());

  const codes = (answer: Awaited<ReturnType<TestServer['call']>>) =>
    (answer.body.value.results as Array<{ status: string; error?: { code: string; message: string } }>).map((result) => result.error?.code ?? result.status);

  const logWork = async (minutes: number) => {
    const ticketId = newId();
    const interventionId = newId();
    const answer = await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `CAL-${ticketId.slice(-6)}`, customerId: server.customerId, channel: 'phone', subject: 'Cassa', description: '', priority: 'P3', blocking: false, openedAt: later(minutes) }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', startedAt: later(minutes) }),
      anna.command('intervention.stop', { interventionId, at: later(minutes + 20) }),
    ]);
    expect(codes(answer)).toEqual(['applied', 'applied', 'applied']);
    const row = await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow();
    return JSON.parse(row.billing_json!) as { calendarVersion: string; flags: string[]; tier: string };
  };

  it('only team leads edit it, always with a reason', async () => {
    const closure = { kind: 'addClosure', id: newId(), from: '2026-11-24', to: '2026-11-24', name: 'Inventario', windows: [] };
    expect(codes(await anna.push([anna.command('calendar.edit', { edit: closure, reason: 'Inventario annuale' })]))).toEqual(['forbidden']);
    expect(codes(await lead.push([lead.command('calendar.edit', { edit: closure })]))).toEqual(['invalid_argument']);
    expect((await readSupportCalendar(server.db)).closures).toEqual([]);
  });

  it('a closure is versioned, audited, billed with and pulled by every console', async () => {
    const before = await logWork(0);
    expect(before.calendarVersion).toBe('2026-11-21');
    expect(before.flags).not.toContain('holiday');

    // The desk closed for the day (a power cut): work logged that day is flagged for the lead.
    const closureId = newId();
    const edit = { kind: 'addClosure', id: closureId, from: '2026-11-23', to: '2026-11-23', name: 'Interruzione di corrente', windows: [] };
    expect(codes(await lead.push([lead.command('calendar.edit', { edit, reason: 'Uffici senza corrente' })]))).toEqual(['applied']);
    const row = await server.db.selectFrom('support_calendar').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ revision: 2, updated_by: server.users.lead });
    const audit = await server.db.selectFrom('audit_log').select(['action', 'reason', 'after_json']).where('entity', '=', 'support_calendar').execute();
    expect(audit).toEqual([
      { action: 'calendar.edit', reason: 'Uffici senza corrente', after_json: JSON.stringify({ revision: 2, change: 'Chiusura «Interruzione di corrente» dal 2026-11-23 al 2026-11-23: chiuso' }) },
    ]);

    const after = await logWork(30);
    expect(after.calendarVersion).toBe('2');
    expect(after.flags).toEqual(expect.arrayContaining(['holiday', 'outside_support_hours']));

    // Replayed (same closure again): nothing changes, no new version.
    expect(codes(await lead.push([lead.command('calendar.edit', { edit, reason: 'Uffici senza corrente' })]))).toEqual(['applied']);
    expect((await server.db.selectFrom('support_calendar').select('revision').executeTakeFirstOrThrow()).revision).toBe(2);

    const technician = await openConsole({ serverUrl: server.url, email: 'anna@test.it', clock: fixtureEvening });
    try {
      await technician.sync();
      const pulled = await technician.core.handlers['calendar.get']({});
      expect(pulled).toMatchObject({ revision: 2, updatedByName: 'Lea Leader' });
      expect(pulled.calendar.closures.map((closure) => closure.id)).toEqual([closureId]);
      // Sunday evening the desk says it reopens Tuesday morning (Monday is closed).
      expect(deskStatus('2026-11-22T19:00:00.000Z', pulled.calendar)).toEqual({ state: 'closed', nextOpening: '2026-11-24T08:00:00.000Z', nextOpeningIsWeekend: false });
    } finally {
      await technician.remove();
    }
  });

  it('two leads editing at the same moment both keep their change (no lost update), round after round', async () => {
    const other = await server.consoleFor('lead@test.it');
    const start = (await server.db.selectFrom('support_calendar').select('revision').executeTakeFirstOrThrow()).revision;
    const rounds = 12;
    const added: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const closure = (name: string) => ({ kind: 'addClosure', id: newId(), from: `2027-0${1 + (round % 9)}-1${round % 10}`, to: `2027-0${1 + (round % 9)}-1${round % 10}`, name, windows: [] });
      const mine = closure(`Chiusura A${round}`);
      const theirs = closure(`Chiusura B${round}`);
      const [first, second] = await Promise.all([
        lead.push([lead.command('calendar.edit', { edit: mine, reason: 'Prova di concorrenza' })]),
        other.push([other.command('calendar.edit', { edit: theirs, reason: 'Prova di concorrenza' })]),
      ]);
      expect([...codes(first), ...codes(second)]).toEqual(['applied', 'applied']);
      added.push(mine.name, theirs.name);
    }
    const row = await server.db.selectFrom('support_calendar').selectAll().where('id', '=', supportCalendarId).executeTakeFirstOrThrow();
    expect(row.revision).toBe(start + 2 * rounds);
    const names = (await readSupportCalendar(server.db)).closures.map((closure) => closure.name);
    for (const name of added) expect(names).toContain(name);
  });

  it('refuses an edit that would leave the desk never open, at both ends alike', async () => {
    let last: unknown = null;
    for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri']) {
      const answer = await lead.push([lead.command('calendar.edit', { edit: { kind: 'setWeekday', weekday, windows: [] }, reason: 'Prova' })]);
      last = answer.body.value.results[0];
    }
    expect(last).toMatchObject({ status: 'rejected', error: { code: 'invalid_argument', message: 'Almeno un giorno feriale deve avere un orario di assistenza.' } });
  });
});
