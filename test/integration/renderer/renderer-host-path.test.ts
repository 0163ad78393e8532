import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core/core.ts';
import { seedDemoData } from '../../../src/main/core/seed/demo-seed.ts';
import { dispatchHostCall } from '../../../src/shared/host-api/dispatch.ts';
import { hostChannels } from '../../../src/shared/host-api/contract.ts';
import type { ElectronBridge } from '../../../src/shared/host-api/electron-bridge.ts';
import { createIpcHostApi } from '../../../src/renderer/host/ipc-host-api.ts';
import { setHostApi } from '../../../src/renderer/host/host-context.ts';
import { executeCommand } from '../../../src/renderer/host/execute-command.ts';
import { createLatestAnswer } from '../../../src/renderer/host/latest-answer.ts';
import { useTicketsStore } from '../../../src/renderer/tickets/tickets.store.ts';
import { useCalendarStore } from '../../../src/renderer/calendar/calendar.store.ts';
import { makeTempDirectory } from '../../support/temp-directory.ts';

/**
 * The renderer's way to the host, without a DOM: its stores and helpers over the real IPC client,
 * which here dispatches in-process to a real console core (as Electron's IPC does across processes).
 */
describe('the renderer’s host path', () => {
  const folder = makeTempDirectory('presidio-renderer-');
  let core: Core;
  /** Delays answers of one channel, to play a slow answer arriving after a newer one. */
  const slow = new Map<string, number>();
  let slowed = 0;

  beforeAll(async () => {
    core = createCore({ dataDirectory: folder.path, host: 'browser', version: 'test' });
    await seedDemoData(core.local.db, { tickets: 120 });
    const bridge: ElectronBridge = {
      channels: Object.fromEntries(
        hostChannels.map((channel) => [
          channel,
          async (request: unknown) => {
            const answer = await dispatchHostCall(core.handlers, channel, request);
            const delay = slow.get(`${channel}:${JSON.stringify(request)}`);
            if (delay) {
              slowed += 1;
              await new Promise((resolve) => setTimeout(resolve, delay));
            }
            return answer;
          },
        ]),
      ) as ElectronBridge['channels'],
      onEvent: (event, listener) => core.events.subscribe((name, payload) => name === event && listener(payload)),
    };
    setHostApi(createIpcHostApi(bridge));
  });
  afterAll(async () => {
    await core.close();
    folder.remove();
  });

  it('keeps only the newest answer: a late one for an older request is dropped', () => {
    const latest = createLatestAnswer();
    const first = latest.begin();
    const second = latest.begin();
    expect(latest.isCurrent(first)).toBe(false);
    expect(latest.isCurrent(second)).toBe(true);
    latest.cancel();
    expect(latest.isCurrent(second)).toBe(false);
  });

  it('the queue store pages the tickets and a late page of an older search never replaces the newer one', async () => {
    const store = useTicketsStore.getState();
    await store.setFilters({ scope: 'all' });
    const all = useTicketsStore.getState().total;
    expect(all).toBe(120);
    expect(useTicketsStore.getState().rows.size).toBeGreaterThan(0);
    await useTicketsStore.getState().setFilters({ search: 'stampante' });
    expect(useTicketsStore.getState().total).toBeGreaterThan(0);
    await useTicketsStore.getState().setFilters({ search: '' });
    // The first search answers slowly; the user has typed on meanwhile.
    slow.set(`tickets.list:${JSON.stringify({ scope: 'all', search: 'stampante', offset: 0, limit: 100 })}`, 150);
    const older = useTicketsStore.getState().setFilters({ search: 'stampante' });
    const newer = useTicketsStore.getState().setFilters({ search: 'zzzz-nessun-ticket' });
    await Promise.all([older, newer]);
    expect(slowed).toBe(1);
    expect(useTicketsStore.getState().filters.search).toBe('zzzz-nessun-ticket');
    expect(useTicketsStore.getState().total).toBe(0);
    expect(useTicketsStore.getState().rows.size).toBe(0);
    useTicketsStore.getState().reset();
    expect(useTicketsStore.getState().rows.size).toBe(0);
  });

  it('the calendar store loads the replica’s calendar; executeCommand answers the command’s Italian refusal', async () => {
    await useCalendarStore.getState().refresh();
    expect(useCalendarStore.getState().calendar.weekly.mon.length).toBeGreaterThan(0);
    // Signed out, a lead's edit cannot be made here: the same words the API would use.
    const refused = await executeCommand('calendar.edit', { edit: { kind: 'removeHoliday', month: 12, day: 8 }, reason: 'Prova' });
    expect(refused).toMatch(/\S/);
    expect(await useCalendarStore.getState().edit({ kind: 'removeHoliday', month: 12, day: 8 }, 'Prova')).toBe(refused);
  });
});
