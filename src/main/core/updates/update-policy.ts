/**
 * When the desktop console looks for, installs and announces an update: pure decisions, so a test
 * can pin every one. The Electron glue (`electron/updater.ts`) only carries them out. An update
 * never interrupts work: it installs by itself only when no timer runs, nothing waits to be sent
 * and nobody has touched the computer for a while; otherwise it waits for the next quit.
 */
export const updateCheckIntervalMs = 4 * 60 * 60 * 1000;
/** Nobody at the keyboard this long: a restart surprises no one. */
export const updateIdleSeconds = 10 * 60;

export const updateChannels = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof updateChannels)[number];

export type WorkInProgress = { runningTimers: number; pendingCommands: number };

/** At start, then every four hours (a laptop asleep longer checks as soon as it wakes). */
export const isUpdateCheckDue = (now: number, lastCheckAt: number | null): boolean =>
  lastCheckAt === null || now - lastCheckAt >= updateCheckIntervalMs || now < lastCheckAt;

export type InstallDecision = { action: 'install-now' } | { action: 'wait'; reason: string };

/** With an update downloaded: restart into it now, or wait (it installs at the next quit) and say why. */
export const decideInstall = (work: WorkInProgress, idleSeconds: number | null): InstallDecision => {
  if (work.runningTimers > 0) return { action: 'wait', reason: 'Un intervento è in corso: l’aggiornamento si installerà all’uscita.' };
  if (work.pendingCommands > 0)
    return { action: 'wait', reason: 'Ci sono operazioni non ancora inviate all’API centrale: l’aggiornamento si installerà all’uscita.' };
  // Without a measure of idleness (it cannot be told) the user may be typing: wait for the quit.
  if (idleSeconds === null || idleSeconds < updateIdleSeconds) return { action: 'wait', reason: 'L’aggiornamento si installerà all’uscita da Presidio.' };
  return { action: 'install-now' };
};

export type QuitDecision = {
  /** Ask before quitting (null: quit at once). */
  confirm: { message: string; detail: string } | null;
  /** A downloaded update installs as the app quits. */
  installOnQuit: boolean;
};

/** Quitting: never with work unsent or a timer running without saying so; a downloaded update installs. */
export const decideQuit = (work: WorkInProgress, updateDownloaded: boolean): QuitDecision => {
  const worries: string[] = [];
  if (work.pendingCommands > 0)
    worries.push(
      `${work.pendingCommands === 1 ? 'Un’operazione non è ancora stata inviata' : `${work.pendingCommands} operazioni non sono ancora state inviate`} all’API centrale: resta su questo computer e partirà alla prossima apertura con la rete.`,
    );
  if (work.runningTimers > 0)
    worries.push(`${work.runningTimers === 1 ? 'Un intervento è in corso' : `${work.runningTimers} interventi sono in corso`}: il tempo dopo l’uscita non verrà contato finché non riapri Presidio.`);
  return {
    confirm: worries.length > 0 ? { message: 'Vuoi davvero uscire da Presidio?', detail: worries.join('\n\n') } : null,
    installOnQuit: updateDownloaded,
  };
};
