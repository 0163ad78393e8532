import { useEffect } from 'react';
import { workedSecondsFromSegments } from '../../shared/domain/index.ts';
import { formatDateTime, formatDuration } from '../../shared/format.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useNow } from '../ui/useNow.ts';
import { useTimerStore } from './timer.store.ts';

/** Ctrl+Shift+Spazio pauses the running intervention, or resumes the last paused one. */
export const timerShortcut = (event: KeyboardEvent): boolean =>
  event.ctrlKey && event.shiftKey && event.code === 'Space';

/** The technician's running and paused interventions, always on screen, with the keyboard shortcut. */
export const ActiveTimers = () => {
  const { active, conflict, error, watch, pause, resume, stop, acknowledge, dismissConflict } =
    useTimerStore();
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

  const cutSegments = active.flatMap((item) =>
    item.segments.filter((segment) => segment.needsConfirmation).map((segment) => ({ item, segment })),
  );

  return (
    <section className="active-timers" aria-label="Interventi in corso">
      {active.length === 0 ? <span className="muted">Nessun intervento in corso</span> : null}
      {active.map((item) => (
        <div key={item.id} className={`timer-chip ${item.status}`}>
          <span className="timer-ticket">{item.ticketNumber}</span>
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
      ))}
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
