import { useState, type FormEvent } from 'react';
import { isActivityCode, romeWallClockToInstant } from '../../shared/domain/index.ts';
import { toRomeInputValue } from '../../shared/format.ts';
import { interventionModeLabels, interventionModes } from '../../shared/model/enums.ts';
import type { TeamDayIntervention } from '../../shared/review/team-day.ts';
import { leadReasonNeeded, type Actor } from '../../shared/sync/rules.ts';
import { executeCommand } from '../host/execute-command.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { RadioGroup } from '../ui/RadioGroup.tsx';
import { ActivityField } from '../timer/ActivityField.tsx';

/**
 * A team lead corrects the activity or the mode of an intervention (the API then classifies and
 * bills it again) with the reason the audit trail keeps; a colleague's work always needs one.
 */
export const AdjustInterventionDialog = ({
  intervention,
  actor,
  onClose,
  onAdjusted,
}: {
  intervention: TeamDayIntervention | null;
  actor: Actor;
  onClose: () => void;
  onAdjusted: () => void;
}) => (
  <Dialog title="Correggi intervento" open={intervention !== null} onClose={onClose}>
    {intervention ? <AdjustForm intervention={intervention} actor={actor} onAdjusted={onAdjusted} /> : null}
    {intervention && intervention.status === 'stopped' ? <SegmentsForm intervention={intervention} onAdjusted={onAdjusted} /> : null}
  </Dialog>
);

const AdjustForm = ({
  intervention,
  actor,
  onAdjusted,
}: {
  intervention: TeamDayIntervention;
  actor: Actor;
  onAdjusted: () => void;
}) => {
  const [activity, setActivity] = useState(intervention.activity);
  const [mode, setMode] = useState(intervention.mode);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needsReason = leadReasonNeeded(actor, intervention.technicianId);
  const changes = {
    ...(activity !== intervention.activity && isActivityCode(activity) ? { activity } : {}),
    ...(mode !== intervention.mode ? { mode } : {}),
  };
  const changed = Object.keys(changes).length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (needsReason && reason.trim() === '') return setError('Indica il motivo della correzione: resta nello storico.');
    const refused = await executeCommand('intervention.edit', { interventionId: intervention.id, changes, ...(needsReason ? { reason: reason.trim() } : {}) });
    if (refused) return setError(refused);
    onAdjusted();
  };

  return (
    <form aria-label="Correzione dell’intervento" onSubmit={(event) => void submit(event)}>
      <p className="muted">
        {intervention.technicianName} · {intervention.ticketNumber} · {intervention.subject}
      </p>
      <ActivityField value={activity} onChange={setActivity} />
      <RadioGroup legend="Modalità" name="mode" values={interventionModes} labels={interventionModeLabels} value={mode} onChange={setMode} />
      {needsReason ? (
        <label className="field">
          <span className="field-label">Motivo della correzione</span>
          <input value={reason} maxLength={500} required onChange={(event) => setReason(event.target.value)} />
        </label>
      ) : null}
      <p className="muted">L’API centrale classificherà e addebiterà di nuovo l’intervento.</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!changed}>
          Registra la correzione
        </button>
      </div>
    </form>
  );
};

/** «Rome wall clock» from a datetime-local input, as the instant the API stores. */
const instantOf = (value: string): string | null => {
  const [day, time] = value.split('T');
  return day && time ? romeWallClockToInstant(day, time.slice(0, 5)).toISOString() : null;
};

/**
 * The lead corrects the times of finished work, segment by segment (a pause nobody pressed, a
 * timer left running over lunch); the API checks them, bills the work again and keeps the reason.
 */
const SegmentsForm = ({ intervention, onAdjusted }: { intervention: TeamDayIntervention; onAdjusted: () => void }) => {
  const closed = intervention.segments.filter((segment) => segment.endedAt !== null);
  const [times, setTimes] = useState(() =>
    Object.fromEntries(closed.map((segment) => [segment.id, { start: toRomeInputValue(segment.startedAt), end: toRomeInputValue(segment.endedAt ?? segment.startedAt) }])),
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const changed = closed.filter(
    (segment) => times[segment.id]?.start !== toRomeInputValue(segment.startedAt) || times[segment.id]?.end !== toRomeInputValue(segment.endedAt ?? segment.startedAt),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setError('Indica il motivo della correzione: resta nello storico.');
    for (const segment of changed) {
      const startedAt = instantOf(times[segment.id]?.start ?? '');
      const endedAt = instantOf(times[segment.id]?.end ?? '');
      if (!startedAt || !endedAt) return setError('Indica inizio e fine di ogni segmento.');
      const refused = await executeCommand('intervention.adjustSegment', { interventionId: intervention.id, segmentId: segment.id, startedAt, endedAt, reason: reason.trim() });
      if (refused) return setError(refused);
    }
    onAdjusted();
  };

  return (
    <form aria-label="Correzione dei tempi" onSubmit={(event) => void submit(event)}>
      <h3>Tempi di lavoro</h3>
      {closed.map((segment, index) => (
        <fieldset key={segment.id} className="assignment-form">
          <legend>Segmento {index + 1}</legend>
          <label className="field">
            <span className="field-label">Inizio</span>
            <input
              type="datetime-local"
              value={times[segment.id]?.start ?? ''}
              onChange={(event) => setTimes((current) => ({ ...current, [segment.id]: { start: event.target.value, end: current[segment.id]?.end ?? '' } }))}
            />
          </label>
          <label className="field">
            <span className="field-label">Fine</span>
            <input
              type="datetime-local"
              value={times[segment.id]?.end ?? ''}
              onChange={(event) => setTimes((current) => ({ ...current, [segment.id]: { start: current[segment.id]?.start ?? '', end: event.target.value } }))}
            />
          </label>
        </fieldset>
      ))}
      <label className="field">
        <span className="field-label">Motivo della correzione dei tempi</span>
        <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={changed.length === 0}>
          Correggi i tempi
        </button>
      </div>
    </form>
  );
};
