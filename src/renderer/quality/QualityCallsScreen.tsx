import { useState, type FormEvent } from 'react';
import { isoWeekOf, romeDay } from '../../shared/domain/index.ts';
import { formatDateTime, formatDay } from '../../shared/format.ts';
import type { HostResponse } from '../../shared/host-api/contract.ts';
import { defaultQualitySharePercent, qualityOutcomeLabels } from '../../shared/review/quality-calls.ts';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { RadioGroup } from '../ui/RadioGroup.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { executeCommand } from '../host/execute-command.ts';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

type WeekView = HostResponse<'quality.week'>;
type Call = NonNullable<WeekView['sample']>['calls'][number];
type Message = { tone: 'info' | 'error'; text: string };

/**
 * «Chiamate di qualità»: the week's random sample of closed tickets (drawn once, the same for
 * everyone), and the call list the lead works through, from this console's copy.
 */
export const QualityCallsScreen = () => {
  const [week, setWeek] = useState(() => isoWeekOf(romeDay(new Date())));
  const weekView = useHostQuery('quality.week', { week }, { refreshOn: ['tickets.changed'] });
  const view: WeekView | null = weekView.data;
  const [message, setMessage] = useState<Message | null>(null);
  const [share, setShare] = useState(String(defaultQualitySharePercent));
  const [calling, setCalling] = useState<Call | null>(null);
  const lastSyncedAt = useSyncStore((state) => state.status?.lastSyncedAt ?? null);

  const load = weekView.reload;

  const sample = async (event: FormEvent) => {
    event.preventDefault();
    const sharePercent = Number(share);
    if (!Number.isInteger(sharePercent) || sharePercent < 1 || sharePercent > 100) return setMessage({ tone: 'error', text: 'La quota è una percentuale intera tra 1 e 100.' });
    const error = await executeCommand('quality.sample', { week, sharePercent });
    setMessage(error ? { tone: 'error', text: error } : { tone: 'info', text: 'Campione estratto.' });
    load();
  };

  return (
    <main className="lead-screen" aria-labelledby="quality-title">
      <header className="panel-header">
        <h2 id="quality-title">Chiamate di qualità</h2>
        <label className="field">
          <span className="field-label">Settimana</span>
          <input
            type="week"
            value={week}
            required
            onChange={(event) => {
              if (!event.target.value) return;
              setWeek(event.target.value);
              setMessage(null);
            }}
          />
        </label>
      </header>
      {view ? (
        <p className="muted">
          Ticket chiusi dal {formatDay(view.monday)} al {formatDay(view.sunday)}. Un cliente già chiamato negli ultimi 90 giorni non viene richiamato.
          {lastSyncedAt ? ` Dati aggiornati all’ultima sincronizzazione (${formatDateTime(lastSyncedAt)}).` : ' Questa postazione non si è ancora sincronizzata.'}
        </p>
      ) : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {weekView.error ? <Notice tone="error">{weekView.error}</Notice> : null}
      {view && !view.sample ? (
        <form aria-label="Estrai il campione" className="inline-form" onSubmit={(event) => void sample(event)}>
          <TextField label="Quota da chiamare (%)" value={share} onChange={setShare} required inputMode="numeric" maxLength={3} />
          <button type="submit" className="primary">
            Estrai il campione
          </button>
        </form>
      ) : null}
      {view?.sample ? (
        <>
          <p>
            Campione del {view.sample.sharePercent}% di {view.sample.closedTickets} ticket chiusi, estratto il {formatDateTime(view.sample.sampledAt)}
            {view.sample.sampledByName ? ` da ${view.sample.sampledByName}` : ''}: {view.sample.calls.length} {view.sample.calls.length === 1 ? 'cliente' : 'clienti'} da chiamare.
          </p>
          {view.sample.calls.length === 0 ? <Notice tone="info">Tutti i clienti di questa settimana sono già stati chiamati negli ultimi 90 giorni.</Notice> : null}
          {view.sample.calls.length > 0 ? <CallList calls={view.sample.calls} onCall={setCalling} /> : null}
        </>
      ) : null}
      {calling ? (
        <RecordCallDialog
          week={week}
          call={calling}
          onClose={() => setCalling(null)}
          onDone={(text) => {
            setCalling(null);
            setMessage({ tone: 'info', text });
            void load();
          }}
        />
      ) : null}
    </main>
  );
};

const CallList = ({ calls, onCall }: { calls: Call[]; onCall: (call: Call) => void }) => (
  <table aria-label="Chiamate della settimana">
    <thead>
      <tr>
        <th>Ticket</th>
        <th>Cliente</th>
        <th>Telefono</th>
        <th>Chiuso il</th>
        <th>Esito</th>
        <th className="number">Voto</th>
        <th className="number">Voto dal modulo</th>
        <th>Note</th>
        <ActionsHeader />
      </tr>
    </thead>
    <tbody>
      {calls.map((call) => (
        <tr key={call.ticketId}>
          <td>
            {call.ticketNumber} · {call.subject}
          </td>
          <td>{call.customerName}</td>
          <td>{call.customerPhone ?? '—'}</td>
          <td>{formatDateTime(call.closedAt)}</td>
          <td>
            {qualityOutcomeLabels[call.outcome]}
            {call.calledAt ? (
              <div className="muted">
                {formatDateTime(call.calledAt)}
                {call.calledByName ? `, ${call.calledByName}` : ''}
                {call.attempts > 1 ? ` (${call.attempts} tentativi)` : ''}
              </div>
            ) : null}
          </td>
          <td className="number">{call.rating ?? '—'}</td>
          <td className="number">{call.formRating ?? '—'}</td>
          <td>{call.notes || '—'}</td>
          <td>
            <button type="button" aria-label={`Registra la chiamata a ${call.customerName}`} onClick={() => onCall(call)}>
              Registra chiamata
            </button>
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const outcomes = ['reached', 'not_reached'] as const;

const RecordCallDialog = ({ week, call, onClose, onDone }: { week: string; call: Call; onClose: () => void; onDone: (text: string) => void }) => {
  const [outcome, setOutcome] = useState<(typeof outcomes)[number]>(call.outcome === 'not_reached' ? 'not_reached' : 'reached');
  const [rating, setRating] = useState(call.rating ?? 5);
  const [notes, setNotes] = useState(call.notes);
  const record = useHostAction('quality.record');
  const error = record.error;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await record.run({ week, ticketId: call.ticketId, outcome, rating: outcome === 'reached' ? rating : null, notes: notes.trim() });
    if (result.ok) onDone(`Chiamata a ${call.customerName} registrata.`);
  };
  return (
    <Dialog title={`Chiamata a ${call.customerName}`} open onClose={onClose}>
      <form className="dialog-body" aria-label="Esito della chiamata" onSubmit={(event) => void submit(event)}>
        <p className="muted">
          Ticket {call.ticketNumber} · {call.subject} · {call.customerPhone ?? 'nessun telefono in anagrafica'}
        </p>
        <RadioGroup legend="Esito" name="quality-outcome" values={outcomes} labels={qualityOutcomeLabels} value={outcome} onChange={setOutcome} />
        {outcome === 'reached' ? (
          <label className="field">
            <span className="field-label">Voto del cliente (1–5)</span>
            <select value={rating} onChange={(event) => setRating(Number(event.target.value))}>
              {[5, 4, 3, 2, 1].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">Note</span>
          <textarea value={notes} maxLength={2000} rows={3} onChange={(event) => setNotes(event.target.value)} />
        </label>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <FormActions submitLabel="Registra" onCancel={onClose} />
      </form>
    </Dialog>
  );
};
