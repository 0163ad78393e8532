import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../shared/format.ts';
import { useHostAction } from '../host/use-host.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useTimerStore } from './timer.store.ts';
import { useShallow } from 'zustand/react/shallow';

/** Minutes without input, while a timer runs, after which the technician is asked about the idle time. */
export const defaultIdleMinutes = 10;
const idleSettingKey = 'presidio.idleMinutes';

/** A workstation preference, set in the sync panel. */
export const readIdleMinutes = (): number => {
  const stored = Number(localStorage.getItem(idleSettingKey));
  return Number.isInteger(stored) && stored >= 1 && stored <= 240 ? stored : defaultIdleMinutes;
};
export const writeIdleMinutes = (minutes: number): void =>
  localStorage.setItem(idleSettingKey, String(minutes));

/**
 * Idle detection: the whole computer's idle time where the host knows it (Electron), otherwise
 * this page's keyboard and mouse. On return the technician keeps or discards the idle time.
 */
export const IdleWatcher = ({ idleMinutes = readIdleMinutes() }: { idleMinutes?: number }) => {
  const { active, discardIdle } = useTimerStore(useShallow((state) => ({ active: state.active, discardIdle: state.discardIdle })));
  const lastInput = useRef(Date.now());
  const [idleSince, setIdleSince] = useState<Date | null>(null);
  const { run: askIdle } = useHostAction('system.idle');
  const running = active.find((item) => item.status === 'running');
  // Idleness counts only while a timer runs: (re)starting one starts the count afresh.
  useEffect(() => {
    lastInput.current = Date.now();
  }, [running?.id]);

  useEffect(() => {
    const onInput = () => {
      const now = Date.now();
      if (running && idleSince === null && now - lastInput.current >= idleMinutes * 60_000)
        setIdleSince(new Date(lastInput.current));
      lastInput.current = now;
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    const poll = setInterval(() => {
      if (!running || idleSince !== null) return;
      void askIdle({}).then((result) => {
        const seconds = result.ok ? result.value.idleSeconds : null;
        if (seconds !== null && seconds >= idleMinutes * 60) setIdleSince(new Date(Date.now() - seconds * 1000));
      });
    }, 30_000);
    return () => {
      for (const name of events) window.removeEventListener(name, onInput);
      clearInterval(poll);
    };
  }, [running, idleSince, idleMinutes, askIdle]);

  if (!running || !idleSince) return null;
  const close = () => setIdleSince(null);
  return (
    <Dialog title="Bentornato" open onClose={close}>
      <p>
        Il computer è rimasto inattivo dalle {formatDateTime(idleSince)} mentre il timer di{' '}
        {running.ticketNumber} era in corso. Quel tempo va conteggiato?
      </p>
      <div className="actions">
        <button type="button" onClick={close}>
          Tieni il tempo
        </button>
        <button
          type="button"
          onClick={() => {
            void discardIdle(running.id, idleSince.toISOString());
            close();
          }}
        >
          Scarta il tempo di inattività
        </button>
      </div>
    </Dialog>
  );
};
