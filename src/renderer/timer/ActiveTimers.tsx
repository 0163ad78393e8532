import { useEffect } from 'react';
import { workedSecondsFromSegments } from '../../shared/domain/index.ts';
import { formatDateTime, formatDuration } from '../../shared/format.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useNow } from '../ui/useNow.ts';
import type { ActiveIntervention } from '../../shared/model/ticket.schema.ts';
import { useTimerStore } from './timer.store.ts';
import { useShallow } from 'zustand/react/shallow';

/** Ctrl+Shift+Spazio pauses the running intervention, or resumes the last paused one. */
export const timerShortcut = (event: KeyboardEvent): boolean =>
  event.ctrlKey && event.shiftKey && event.code === 'Space';

const TimerChip = ({ item, now }: { item: ActiveIntervention; now: Date }) => {
  const { pause, resume, stop } = useTimerStore(useShallow((state) => ({ pause: state.pause, resume: state.resume, stop: state.stop })));
  return (
    <div className={`timer-chip ${item.status}`}>
      <span className="timer-ticket" title={item.ticketSubject}>
        {item.ticketNumber}
      </span>
      <strong className="timer-clock" aria-label={`Tempo lavorato ${item.ticketNumber}`}>
        {formatDuration(workedSecondsFromSegments(item.segments, now))}
      </strong>
      {item.status === 'running' ? (
        <button type="button" onClick={() => void pause(item.id)}>
          Pausa
        </button>
      ) : (
        <button type="button" onClick={() => void resume(item.id)}>
          Riprendi
        </button>
      )}
      <button type="button" onClick={() => void stop(item.id)}>
        Termina
      </button>
    </div>
  );
};

/** The technician's running and paused interventions, always on screen, with the keyboard shortcut. */
export const ActiveTimers = () => {
  const { active, conflict, error, watch, pause, resume, acknowledge, dismissConflict } = useTimerStore(useShallow((state) => ({ active: state.active, conflict: state.conflict, error: state.error, watch: state.watch, pause: state.pause, resume: state.resume, acknowledge: state.acknowledge, dismissConflict: state.dismissConflict })));
  const now = useNow(1000);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!timerShortcut(event)) return;
      event.preventDefault();
      const running = active.find((item) => item.status === 'running');
      if (running) void pause(running.id);
      else {
        const paused = active.at(-1);
        if (paused) void resume(paused.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, pause, resume]);

  // The running timer and the most recent pauses stay in view; older pauses fold away.
  const running = active.filter((item) => item.status === 'running');
  const paused = active.filter((item) => item.status !== 'running').reverse();
  const shown = [...running, ...paused.slice(0, Math.max(0, 3 - running.length))];
  const parked = paused.slice(Math.max(0, 3 - running.length));
  const cutSegments = active.flatMap((item) =>
    item.segments.filter((segment) => segment.needsConfirmation).map((segment) => ({ item, segment })),
  );

  return (
    <section className="active-timers" aria-label="Interventi in corso">
      {active.length === 0 ? <span className="muted">Nessun intervento in corso</span> : null}
      {shown.map((item) => (
        <TimerChip key={item.id} item={item} now={now} />
      ))}
      {parked.length > 0 ? (
        <details className="parked">
          <summary>{parked.length} in pausa</summary>
          <div className="parked-list">
            {parked.map((item) => (
              <TimerChip key={item.id} item={item} now={now} />
            ))}
          </div>
        </details>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {cutSegments.map(({ item, segment }) => (
        <Notice key={segment.id} tone="info">
          Il timer di {item.ticketNumber} si è interrotto alle{' '}
          {formatDateTime(segment.endedAt ?? segment.startedAt)} (chiusura imprevista): il tempo successivo
          non è stato conteggiato fino alla riapertura.{' '}
          <button type="button" onClick={() => void acknowledge(segment.id)}>
            Ho capito
          </button>
        </Notice>
      ))}
      <Dialog title="Un altro intervento è in corso" open={conflict !== null} onClose={dismissConflict}>
        <p>Per continuare metto in pausa l’intervento in corso. Procedo?</p>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              const retry = conflict?.retry;
              dismissConflict();
              void retry?.();
            }}
          >
            Metti in pausa e continua
          </button>
          <button type="button" onClick={dismissConflict}>
            Annulla
          </button>
        </div>
      </Dialog>
    </section>
  );
};
