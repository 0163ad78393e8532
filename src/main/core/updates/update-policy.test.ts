import { describe, expect, it } from 'vitest';
import { decideInstall, decideQuit, isUpdateCheckDue, updateCheckIntervalMs, updateIdleSeconds } from './update-policy.ts';

const idle = { runningTimers: 0, pendingCommands: 0 };

describe('update policy', () => {
  it('checks at start and every four hours, and again when the clock went back', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(isUpdateCheckDue(now, null)).toBe(true);
    expect(isUpdateCheckDue(now, now - updateCheckIntervalMs + 1)).toBe(false);
    expect(isUpdateCheckDue(now, now - updateCheckIntervalMs)).toBe(true);
    expect(isUpdateCheckDue(now, now + 60_000)).toBe(true);
  });

  it('installs by itself only with no timer running, nothing to send and nobody at the keyboard', () => {
    expect(decideInstall(idle, updateIdleSeconds)).toEqual({ action: 'install-now' });
    expect(decideInstall({ ...idle, runningTimers: 1 }, 3600)).toMatchObject({ action: 'wait', reason: expect.stringContaining('intervento è in corso') });
    expect(decideInstall({ ...idle, pendingCommands: 2 }, 3600)).toMatchObject({ action: 'wait', reason: expect.stringContaining('non ancora inviate') });
    expect(decideInstall(idle, updateIdleSeconds - 1)).toMatchObject({ action: 'wait', reason: 'L’aggiornamento si installerà all’uscita da Presidio.' });
    // Idleness that cannot be measured is never taken for absence.
    expect(decideInstall(idle, null)).toMatchObject({ action: 'wait' });
  });

  it('never quits with unsent work or a running timer without asking; a downloaded update installs at quit', () => {
    expect(decideQuit(idle, false)).toEqual({ confirm: null, installOnQuit: false });
    expect(decideQuit(idle, true)).toEqual({ confirm: null, installOnQuit: true });
    const asked = decideQuit({ runningTimers: 1, pendingCommands: 3 }, true);
    expect(asked.installOnQuit).toBe(true);
    expect(asked.confirm?.message).toBe('Vuoi davvero uscire da Presidio?');
    expect(asked.confirm?.detail).toContain('3 operazioni non sono ancora state inviate');
    expect(asked.confirm?.detail).toContain('Un intervento è in corso');
    expect(decideQuit({ runningTimers: 0, pendingCommands: 1 }, false).confirm?.detail).toContain('Un’operazione non è ancora stata inviata');
  });
});
