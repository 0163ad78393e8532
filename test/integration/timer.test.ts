import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core.ts';
import { offlineTicketNumber } from '../../src/shared/intake/ticket-number.ts';
import { crashGapMs } from '../../src/main/core/timer/timer.service.ts';
import { workedSecondsFromSegments } from '../../src/shared/domain/index.ts';
import { dispatchHostCall } from '../../src/shared/host-api/dispatch.ts';
import { openConsole, type TestConsole } from '../support/console-fixture.ts';
import { startTestServer, type TestServer } from '../support/server-fixture.ts';

/** The console's timer and intake against a real central API, with time under the test's control. */
describe('timer and intake (console core)', () => {
  let server: TestServer;
  let anna: TestConsole;
  let now = new Date('2026-11-23T09:00:00.000Z');
  const clock = () => now;
  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };
  let reopened: Core | undefined;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it' });
  });
  afterAll(async () => {
    await reopened?.close();
    await anna.remove();
    await server.stop();
  });

  const coreWithClock = () => createCore({ dataDirectory: anna.dataDirectory, host: 'browser', version: 'test', clock });

  it('logs a phone request for a new customer, offline-capable, with a unique number', async () => {
    await anna.close();
    reopened = coreWithClock();
    const created = await reopened.handlers['tickets.intake']({
      customer: { new: { name: 'Bar Sport di Neri', vatNumber: null, email: 'bar@test.it', phone: '0301234567', city: 'Brescia' } },
      channel: 'phone',
      subject: 'Registratore di cassa bloccato',
      description: 'Il cliente non riesce a chiudere lo scontrino',
      priority: 'P1',
      blocking: true,
    });
    expect(created.number).toMatch(/^T-261123-[0-9A-F]{6}$/);
    const found = await reopened.handlers['customers.search']({ query: 'sport' });
    expect(found.map((customer) => customer.name)).toEqual(['Bar Sport di Neri']);
    const blank = await dispatchHostCall(reopened.handlers, 'tickets.intake', { customer: { id: created.customerId }, channel: 'whatsapp', subject: ' ', description: '', priority: 'P3', blocking: false });
    expect(blank).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('Indica l’oggetto della richiesta') } });
    expect(offlineTicketNumber(new Date('2026-01-05T10:00:00Z'), '01a1ff72-0dd6-7463-845e-390a473d27be')).toBe('T-260105-3D27BE');
  });

  it('runs one timer at a time: starting another asks to pause the running one', async () => {
    const core = reopened!;
    const { items } = await core.handlers['tickets.list']({ scope: 'all', offset: 0, limit: 10 });
    const ticketId = items[0]!.id;
    const first = await core.handlers['timer.start']({ ticketId, mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed' });
    advance(10);
    expect(await dispatchHostCall(core.handlers, 'timer.start', { ticketId, mode: 'phone', activity: 'service_information', backupCheck: 'not_needed_phone_info' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { runningInterventionId: first.interventionId } },
    });
    const second = await core.handlers['timer.start']({ ticketId, mode: 'phone', activity: 'service_information', backupCheck: 'not_needed_phone_info', pauseRunning: true });
    const active = await core.handlers['timer.active']({});
    expect(active.map((item) => [item.id, item.status])).toEqual([
      [first.interventionId, 'paused'],
      [second.interventionId, 'running'],
    ]);
    expect(await dispatchHostCall(core.handlers, 'timer.start', { ticketId, mode: 'remote', activity: 'software_assistance', backupCheck: 'not_needed_phone_info', pauseRunning: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('copia di sicurezza') },
    });
    // The refused start left the running timer alone.
    expect((await core.handlers['timer.active']({})).find((item) => item.id === second.interventionId)?.status).toBe('running');
    advance(5);
    core.timer.stop(second.interventionId);
    core.timer.resume(first.interventionId);
  });

  it('a crash closes the open segment at its last heartbeat, flags it, and the timer goes on', async () => {
    const core = reopened!;
    const [running] = await core.handlers['timer.active']({});
    advance(1);
    core.timer.heartbeat();
    const heartbeatAt = now.toISOString();
    await core.close();
    // The console was dead for ten minutes; a quick restart would have kept the segment open.
    advance(10);
    expect(10 * 60_000).toBeGreaterThan(crashGapMs);
    reopened = createCore({ dataDirectory: anna.dataDirectory, host: 'browser', version: 'test', clock, autoSync: true, fetch: () => Promise.reject(new Error('offline')) });
    const [after] = await reopened.handlers['timer.active']({});
    expect(after).toMatchObject({ id: running!.id, status: 'running', startedAt: running!.startedAt });
    const cut = after!.segments.find((segment) => segment.needsConfirmation);
    expect(cut?.endedAt).toBe(heartbeatAt);
    expect(after!.segments.at(-1)).toMatchObject({ startedAt: now.toISOString(), endedAt: null });
    // Back online: the API and the lead's review learn of the cut until the technician confirms it.
    await reopened.close();
    reopened = coreWithClock();
    await reopened.sync.syncNow();
    const awaiting = () => server.db.selectFrom('timer_segments').select('awaiting_confirmation').where('id', '=', cut!.id).executeTakeFirstOrThrow();
    expect(await awaiting()).toEqual({ awaiting_confirmation: 1 });
    const lead = await openConsole({ serverUrl: server.url, email: 'lead@test.it', clock });
    try {
      await lead.sync();
      const day = await lead.core.handlers['review.day']({ day: '2026-11-23' });
      expect(day.technicians.find((row) => row.technicianName === 'Anna Tecnica')).toMatchObject({ crashCuts: 1 });
      await reopened.handlers['timer.acknowledge']({ segmentId: cut!.id });
      const [acknowledged] = await reopened.handlers['timer.active']({});
      expect(acknowledged!.segments.some((segment) => segment.needsConfirmation)).toBe(false);
      await reopened.sync.syncNow();
      expect(await awaiting()).toEqual({ awaiting_confirmation: 0 });
      await lead.sync();
      const after = await lead.core.handlers['review.day']({ day: '2026-11-23' });
      expect(after.technicians.find((row) => row.technicianName === 'Anna Tecnica')).toMatchObject({ crashCuts: 0 });
    } finally {
      await lead.remove();
    }
  });

  it('discarding idle time ends the segment when the idleness began', async () => {
    const core = reopened!;
    const [running] = await core.handlers['timer.active']({});
    const before = workedSecondsFromSegments(running!.segments, now);
    const idleSince = now.toISOString();
    advance(20);
    await core.handlers['timer.discardIdle']({ interventionId: running!.id, idleSince });
    const [after] = await core.handlers['timer.active']({});
    expect(workedSecondsFromSegments(after!.segments, now)).toBe(before);
    expect(after!.status).toBe('running');
  });
});
