import { useState, type FormEvent, type ReactNode } from 'react';
import {
  addDays,
  easterSunday,
  formatWindows,
  isWeekendDay,
  parseWindows,
  specialDaysOn,
  supportWindows,
  romeDay,
  weekdayKeys,
  weekdayLabels,
  ticketPriorities,
  type HandlingTargets,
  type TicketPriority,
  type CalendarEdit,
  type TimeWindow,
  type WeekdayKey,
} from '../../shared/domain/index.ts';
import { formatDateTime, formatDay, formatWeekday } from '../../shared/format.ts';
import { newId } from '../../shared/ids.ts';
import { supportCalendarId } from '../../shared/sync/entities.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { AuditTrail } from '../tickets/AuditTrail.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DeskStatus } from '../ui/DeskStatus.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useCalendarStore } from './calendar.store.ts';
import { FormActions } from '../ui/FormActions.tsx';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

const monthNames = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];
const hoursHint = 'Orario (vuoto o «chiuso» = chiuso; es. 09:00-13:00)';

type Message = { tone: 'info' | 'error'; text: string };
/** An edit waiting for its reason in the dialog. */
type Pending = {
  title: string;
  edit: CalendarEdit | ((hours: TimeWindow[]) => CalendarEdit);
  hours?: string;
  done: string;
};

/**
 * «Calendario dell’assistenza»: the weekly hours, the yearly holidays and the one-off closures a
 * team lead edits. Each change is a command with a reason: shown here and in the desk status at
 * once, sent to the API, which versions it, audits it and bills with it.
 */
export const CalendarScreen = () => {
  const revision = useCalendarStore((state) => state.revision);
  const calendar = useCalendarStore((state) => state.calendar);
  const updatedAt = useCalendarStore((state) => state.updatedAt);
  const updatedByName = useCalendarStore((state) => state.updatedByName);
  const lastSyncedAt = useSyncStore((state) => state.status?.lastSyncedAt ?? null);
  const [message, setMessage] = useState<Message | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const year = Number(romeDay(new Date()).slice(0, 4));
  const easter = easterSunday(year);

  return (
    <main className="lead-screen" aria-labelledby="calendar-title">
      <header className="panel-header">
        <h2 id="calendar-title">Calendario dell’assistenza</h2>
        <DeskStatus calendar={calendar} />
      </header>
      <p className="muted">
        {revision === 0 ? 'Calendario predefinito' : `Versione ${revision}`}
        {updatedAt
          ? `, modificata il ${formatDateTime(updatedAt)}${updatedByName ? ` da ${updatedByName}` : ''}`
          : ''}
        {lastSyncedAt
          ? `. Ultima sincronizzazione: ${formatDateTime(lastSyncedAt)}.`
          : '. Questa postazione non si è ancora sincronizzata.'}
      </p>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}

      <section aria-labelledby="coming-title">
        <h3 id="coming-title">Prossimi giorni</h3>
        <ul className="plain-list" aria-label="Prossimi giorni">
          {Array.from({ length: 7 }, (_, offset) => addDays(romeDay(new Date()), offset + 1)).map((day) => {
            const special = specialDaysOn(day, calendar).map((item) => item.name);
            const weekend = isWeekendDay(day, calendar);
            const windows = supportWindows(day, { calendar, weekend: true });
            return (
              <li key={day}>
                {formatWeekday(day)}: {formatWindows(windows)}
                {weekend && windows.length > 0 ? ' (servizio weekend)' : ''}
                {special.length > 0 ? ` (${special.join(', ')})` : ''}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="closures-title">
        <h3 id="closures-title">Chiusure</h3>
        {calendar.closures.length === 0 ? <p className="muted">Nessuna chiusura in calendario.</p> : null}
        {calendar.closures.length > 0 ? (
          <table aria-label="Chiusure">
            <thead>
              <tr>
                <th>Nome</th>
                <th>Dal</th>
                <th>Al</th>
                <th>Orario</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {calendar.closures.map((closure) => (
                <tr key={closure.id}>
                  <td>{closure.name}</td>
                  <td>{formatDay(closure.from)}</td>
                  <td>{formatDay(closure.to)}</td>
                  <td>{formatWindows(closure.windows)}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        setPending({
                          title: `Elimina la chiusura «${closure.name}»`,
                          edit: { kind: 'removeClosure', id: closure.id },
                          done: 'Chiusura eliminata.',
                        })
                      }
                    >
                      Elimina
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <AddClosureForm onMessage={setMessage} />
      </section>

      <HandlingTargetsSection targets={calendar.handlingTargets} onMessage={setMessage} />

      <section aria-labelledby="weekly-title">
        <h3 id="weekly-title">Orario settimanale</h3>
        <table aria-label="Orario settimanale">
          <tbody>
            {weekdayKeys.map((weekday) => (
              <tr key={weekday}>
                <th scope="row">{weekdayLabels[weekday]}</th>
                <td>
                  {formatWindows(calendar.weekly[weekday])}
                  {calendar.weekendDays.includes(weekday)
                    ? ' (servizio weekend: solo J-System, problemi bloccanti)'
                    : ''}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Modifica l’orario di ${weekdayLabels[weekday]}`}
                    onClick={() =>
                      setPending({
                        title: `Orario di ${weekdayLabels[weekday]}`,
                        edit: (windows) => ({
                          kind: 'setWeekday',
                          weekday: weekday satisfies WeekdayKey,
                          windows,
                        }),
                        hours: formatWindows(calendar.weekly[weekday]),
                        done: `Orario di ${weekdayLabels[weekday]} aggiornato.`,
                      })
                    }
                  >
                    Modifica
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="holidays-title">
        <h3 id="holidays-title">Festività</h3>
        <table aria-label="Festività">
          <thead>
            <tr>
              <th>Giorno</th>
              <th>Nome</th>
              <th>Orario</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {calendar.holidays.map((holiday) => (
              <tr key={`${holiday.month}-${holiday.day}`}>
                <td>
                  {holiday.day} {monthNames[holiday.month - 1]}
                </td>
                <td>{holiday.name}</td>
                <td>{formatWindows(holiday.windows)}</td>
                <td>
                  <div className="actions">
                    <button
                      type="button"
                      aria-label={`Modifica l’orario di ${holiday.name}`}
                      onClick={() =>
                        setPending({
                          title: `Orario di ${holiday.name}`,
                          edit: (windows) => ({
                            kind: 'setHoliday',
                            month: holiday.month,
                            day: holiday.day,
                            name: holiday.name,
                            windows,
                          }),
                          hours: formatWindows(holiday.windows),
                          done: `${holiday.name}: orario aggiornato.`,
                        })
                      }
                    >
                      Modifica
                    </button>
                    <button
                      type="button"
                      aria-label={`Elimina ${holiday.name}`}
                      onClick={() =>
                        setPending({
                          title: `Elimina la festività «${holiday.name}»`,
                          edit: { kind: 'removeHoliday', month: holiday.month, day: holiday.day },
                          done: `${holiday.name} eliminata.`,
                        })
                      }
                    >
                      Elimina
                    </button>
                  </div>
                </td>
              </tr>
            ))}
            {calendar.easterHolidays.map((holiday) => (
              <tr key={`easter-${holiday.offsetDays}`}>
                <td>{formatDay(addDays(easter, holiday.offsetDays))} (varia ogni anno)</td>
                <td>{holiday.name}</td>
                <td>{formatWindows(holiday.windows)}</td>
                <td className="muted">calcolata dalla Pasqua</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AddHolidayForm onMessage={setMessage} />
      </section>

      <AuditTrail record={{ entity: 'support_calendar', id: supportCalendarId }} />
      {pending ? (
        <ReasonDialog
          pending={pending}
          onClose={() => setPending(null)}
          onDone={(text) => {
            setPending(null);
            setMessage({ tone: 'info', text });
          }}
        />
      ) : null}
    </main>
  );
};

/** The reason every calendar change needs (and the hours, when the change sets some). */
const ReasonDialog = ({
  pending,
  onClose,
  onDone,
}: {
  pending: Pending;
  onClose: () => void;
  onDone: (text: string) => void;
}) => {
  const edit = useCalendarStore((state) => state.edit);
  const [hours, setHours] = useState(pending.hours ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let change: CalendarEdit;
    if (typeof pending.edit === 'function') {
      const parsed = parseWindows(hours);
      if (!parsed.ok) return setError(parsed.message);
      change = pending.edit(parsed.windows);
    } else {
      change = pending.edit;
    }
    const failure = await edit(change, reason.trim());
    if (failure) return setError(failure);
    onDone(pending.done);
  };
  return (
    <Dialog title={pending.title} open onClose={onClose}>
      <form className="dialog-body" onSubmit={(event) => void submit(event)}>
        {typeof pending.edit === 'function' ? (
          <TextField label={hoursHint} value={hours} onChange={setHours} maxLength={100} />
        ) : null}
        <TextField label="Motivo" value={reason} onChange={setReason} required maxLength={500} />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <FormActions submitLabel="Conferma" onCancel={onClose} />
      </form>
    </Dialog>
  );
};

const DateField = ({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) => (
  <label className="field">
    <span className="field-label">{label}</span>
    <input type="date" value={value} required onChange={(event) => onChange(event.target.value)} />
  </label>
);

const InlineForm = ({
  label,
  onSubmit,
  children,
}: {
  label: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) => (
  <form aria-label={label} className="inline-form" onSubmit={onSubmit}>
    {children}
  </form>
);

const AddClosureForm = ({ onMessage }: { onMessage: (message: Message) => void }) => {
  const edit = useCalendarStore((state) => state.edit);
  const tomorrow = addDays(romeDay(new Date()), 1);
  const [name, setName] = useState('');
  const [from, setFrom] = useState(tomorrow);
  const [to, setTo] = useState(tomorrow);
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseWindows(hours);
    if (!parsed.ok) return onMessage({ tone: 'error', text: parsed.message });
    const failure = await edit(
      {
        kind: 'addClosure',
        id: newId(),
        from,
        to: to < from ? from : to,
        name: name.trim(),
        windows: parsed.windows,
      },
      reason.trim(),
    );
    if (failure) return onMessage({ tone: 'error', text: failure });
    onMessage({ tone: 'info', text: `Chiusura «${name.trim()}» aggiunta.` });
    setName('');
    setHours('');
    setReason('');
  };
  return (
    <InlineForm label="Aggiungi una chiusura" onSubmit={(event) => void submit(event)}>
      <TextField label="Nome della chiusura" value={name} onChange={setName} required maxLength={120} />
      <DateField
        label="Dal giorno"
        value={from}
        onChange={(value) => (setFrom(value), value > to ? setTo(value) : undefined)}
      />
      <DateField label="Al giorno" value={to} onChange={setTo} />
      <TextField label={hoursHint} value={hours} onChange={setHours} maxLength={100} />
      <TextField label="Motivo" value={reason} onChange={setReason} required maxLength={500} />
      <button type="submit" className="primary">
        Aggiungi chiusura
      </button>
    </InlineForm>
  );
};

const AddHolidayForm = ({ onMessage }: { onMessage: (message: Message) => void }) => {
  const edit = useCalendarStore((state) => state.edit);
  const [day, setDay] = useState('');
  const [month, setMonth] = useState(1);
  const [name, setName] = useState('');
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const dayOfMonth = Number(day);
    if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)
      return onMessage({ tone: 'error', text: 'Indica il giorno del mese (1–31).' });
    const parsed = parseWindows(hours);
    if (!parsed.ok) return onMessage({ tone: 'error', text: parsed.message });
    const failure = await edit(
      { kind: 'setHoliday', month, day: dayOfMonth, name: name.trim(), windows: parsed.windows },
      reason.trim(),
    );
    if (failure) return onMessage({ tone: 'error', text: failure });
    onMessage({ tone: 'info', text: `Festività «${name.trim()}» aggiunta.` });
    setDay('');
    setName('');
    setHours('');
    setReason('');
  };
  return (
    <InlineForm label="Aggiungi una festività" onSubmit={(event) => void submit(event)}>
      <TextField label="Giorno" value={day} onChange={setDay} required inputMode="numeric" maxLength={2} />
      <label className="field">
        <span className="field-label">Mese</span>
        <select value={month} onChange={(event) => setMonth(Number(event.target.value))}>
          {monthNames.map((label, index) => (
            <option key={label} value={index + 1}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <TextField label="Nome della festività" value={name} onChange={setName} required maxLength={120} />
      <TextField label={hoursHint} value={hours} onChange={setHours} maxLength={100} />
      <TextField label="Motivo" value={reason} onChange={setReason} required maxLength={500} />
      <button type="submit" className="primary">
        Aggiungi festività
      </button>
    </InlineForm>
  );
};

/** «Obiettivi dei tempi di gestione»: per priority, within how many support minutes a ticket is taken and resolved. */
const HandlingTargetsSection = ({ targets, onMessage }: { targets: HandlingTargets; onMessage: (message: Message) => void }) => (
  <section aria-labelledby="targets-title">
    <h3 id="targets-title">Obiettivi dei tempi di gestione</h3>
    <p className="muted">In minuti di assistenza (le ore di apertura), dalla richiesta alla presa in carico e alla risoluzione.</p>
    <table aria-label="Obiettivi dei tempi di gestione">
      <thead>
        <tr>
          <th>Priorità</th>
          <th>Presa in carico entro (min)</th>
          <th>Risoluzione entro (min)</th>
          <ActionsHeader />
        </tr>
      </thead>
      <tbody>
        {ticketPriorities.map((priority) => (
          <HandlingTargetRow key={`${priority}:${targets[priority].takeMinutes}:${targets[priority].resolveMinutes}`} priority={priority} target={targets[priority]} onMessage={onMessage} />
        ))}
      </tbody>
    </table>
  </section>
);

const HandlingTargetRow = ({ priority, target, onMessage }: { priority: TicketPriority; target: HandlingTargets[TicketPriority]; onMessage: (message: Message) => void }) => {
  const edit = useCalendarStore((state) => state.edit);
  const [take, setTake] = useState(String(target.takeMinutes));
  const [resolve, setResolve] = useState(String(target.resolveMinutes));
  const changed = take !== String(target.takeMinutes) || resolve !== String(target.resolveMinutes);
  const save = async () => {
    const [takeMinutes, resolveMinutes] = [Number(take), Number(resolve)];
    if (!Number.isInteger(takeMinutes) || !Number.isInteger(resolveMinutes) || takeMinutes < 1 || resolveMinutes < 1)
      return onMessage({ tone: 'error', text: 'Gli obiettivi sono minuti interi, almeno 1.' });
    const failure = await edit({ kind: 'setHandlingTarget', priority, takeMinutes, resolveMinutes }, `Obiettivi ${priority} aggiornati`);
    onMessage(failure ? { tone: 'error', text: failure } : { tone: 'info', text: `Obiettivi ${priority} aggiornati.` });
  };
  return (
    <tr>
      <th scope="row">{priority}</th>
      <td>
        <input type="number" min={1} aria-label={`Presa in carico entro, ${priority}`} value={take} onChange={(event) => setTake(event.target.value)} />
      </td>
      <td>
        <input type="number" min={1} aria-label={`Risoluzione entro, ${priority}`} value={resolve} onChange={(event) => setResolve(event.target.value)} />
      </td>
      <td>
        <button type="button" disabled={!changed} aria-label={`Salva gli obiettivi ${priority}`} onClick={() => void save()}>
          Salva
        </button>
      </td>
    </tr>
  );
};
