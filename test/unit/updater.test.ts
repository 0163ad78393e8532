import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src/shared/updates/update-status.ts';
import { updateCheckIntervalMs } from '../../src/main/core/updates/update-policy.ts';
import { createUpdater } from '../../src/main/core/updates/updater.ts';
import { updaterPortStandIn } from '../support/updater-port-stand-in.ts';

const setup = (options: { work?: { runningTimers: number; pendingCommands: number }; idle?: number | null; check?: () => Promise<unknown> } = {}) => {
  const updater = updaterPortStandIn(options.check ? { check: options.check } : {});
  let now = Date.parse('2026-11-30T09:00:00Z');
  const published: UpdateStatus[] = [];
  const logged: string[] = [];
  const subject = createUpdater({
    updater,
    work: () => options.work ?? { runningTimers: 0, pendingCommands: 0 },
    idleSeconds: () => (options.idle === undefined ? 3600 : options.idle),
    now: () => now,
    channel: 'stable',
    publish: (status) => published.push(status),
    log: (message) => logged.push(message),
  });
  return { updater, subject, published, logged, advance: (ms: number) => (now += ms) };
};

describe('updater', () => {
  it('checks at start and again after four hours, not in between', () => {
    const { updater, subject, advance } = setup();
    subject.tick();
    updater.emit('update-not-available');
    advance(updateCheckIntervalMs - 1);
    subject.tick();
    expect(updater.checks).toBe(1);
    advance(1);
    subject.tick();
    expect(updater.checks).toBe(2);
  });

  it('restarts into a downloaded update at once only when nothing is at stake', () => {
    const idle = setup();
    idle.updater.emit('update-downloaded', { version: '1.3.0' });
    expect(idle.updater.installs).toEqual([[true, true]]);
    // The quit it started only has to go on: no second install.
    expect(idle.subject.isInstalling()).toBe(true);
    idle.subject.installOnQuit();
    expect(idle.updater.installs).toHaveLength(1);

    const busy = setup({ work: { runningTimers: 1, pendingCommands: 0 } });
    busy.updater.emit('update-downloaded', { version: '1.3.0' });
    expect(busy.updater.installs).toEqual([]);
    expect(busy.subject.status()).toMatchObject({ state: 'ready', version: '1.3.0', message: 'Un intervento è in corso: l’aggiornamento si installerà all’uscita.' });
    busy.subject.installOnQuit();
    busy.subject.installOnQuit();
    expect(busy.updater.installs).toEqual([[true, false]]);
  });

  it('a failing feed never breaks the app: the status says so and the next check tries again', async () => {
    const { updater, subject, logged, advance } = setup({ check: () => Promise.reject(new Error('ENOTFOUND updates.example')) });
    subject.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(subject.status()).toMatchObject({ state: 'error', message: 'Controllo degli aggiornamenti non riuscito: si riproverà più tardi.' });
    expect(logged).toEqual(['aggiornamento non riuscito']);
    advance(updateCheckIntervalMs);
    subject.tick();
    expect(updater.checks).toBe(2);
  });
});
