import { afterEach, describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../../../src/shared/host-api/dispatch.ts';
import { newId } from '../../../src/shared/ids.ts';
import { clockOffsetWarning } from '../../../src/shared/sync/command-labels.ts';
import { openConsole } from '../../support/console-fixture.ts';
import { engineNames } from '../../support/server-engines.ts';
import { fixtureEvening, startTestServer } from '../../support/server-fixture.ts';

/** A workstation whose clock runs ten minutes fast: the API would refuse its times as "in the future". */
describe.each(engineNames)('a console with a wrong clock (%s)', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  it('learns the server’s time, warns, and keeps working with times the server accepts', async () => {
    const server = await startTestServer(engine, { clock: fixtureEvening });
    const fast = () => new Date(fixtureEvening().getTime() + 10 * 60_000);
    const anna = await openConsole({ serverUrl: server.url, email: 'anna@test.it', clock: fast });
    cleanups.push(async () => {
      await anna.remove();
      await server.stop();
    });
    const status = anna.core.sync.status();
    expect(status.clockOffsetSeconds).toBe(-600);
    expect(clockOffsetWarning(status.clockOffsetSeconds)).toMatch(/avanti di circa 10 minuti/);

    const ticketId = newId();
    anna.execute('ticket.create', { id: ticketId, number: `CLK-${engine}`, customerId: server.customerId, channel: 'phone', subject: 'Orologio', description: '', priority: 'P3', blocking: false, openedAt: anna.core.sync.alignedNow().toISOString() });
    const started = await dispatchHostCall(anna.core.handlers, 'timer.start', { ticketId, mode: 'phone', activity: 'software_assistance', backupCheck: 'not_needed_phone_info' });
    expect(started.ok).toBe(true);
    expect(await anna.sync()).toMatchObject({ pending: 0, rejected: 0 });
    const stored = await server.db.selectFrom('interventions').select('started_at').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    // Stamped with the server's time, not the workstation's.
    expect(new Date(stored.started_at).toISOString()).toBe(fixtureEvening().toISOString());
  });
});

describe('clockOffsetWarning', () => {
  it('says nothing within a minute and names the direction beyond it', () => {
    expect(clockOffsetWarning(null)).toBeNull();
    expect(clockOffsetWarning(59)).toBeNull();
    expect(clockOffsetWarning(-60)).toBeNull();
    expect(clockOffsetWarning(180)).toMatch(/indietro di circa 3 minuti/);
    expect(clockOffsetWarning(-3 * 3600)).toMatch(/avanti di circa 3 ore/);
  });
});
