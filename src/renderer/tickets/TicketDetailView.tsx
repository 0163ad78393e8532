import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activityCatalog, isActivityCode } from '../../shared/domain/index.ts';
import { formatDateTime, formatMinutes } from '../../shared/format.ts';
import {
  causeLabels,
  channelLabels,
  interventionModeLabels,
} from '../../shared/model/enums.ts';
import type { Intervention, TicketDetail } from '../../shared/model/ticket.schema.ts';
import { executeCommand } from '../host/execute-command.ts';
import { LiveFigures } from '../timer/LiveFigures.tsx';
import { StartInterventionDialog } from '../timer/StartInterventionDialog.tsx';
import { useTimerStore } from '../timer/timer.store.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { CloseTicketDialog } from './CloseTicketDialog.tsx';
import { CorrectTicketDialog } from './CorrectTicketDialog.tsx';
import { ContractsSection } from './ContractsSection.tsx';
import { TicketAssignment } from './TicketAssignment.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { DeviceList, Field, HourBankSection, MasterData } from '../customers/CustomerSections.tsx';
import { CustomerPortalAdmin } from './CustomerPortalAdmin.tsx';
import { ratingLabels } from '../../shared/review/feedback.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { isLead, leadReasonNeeded } from '../../shared/sync/rules.ts';
import { PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { handlingTimesOf, withinTarget } from '../../shared/review/handling-times.ts';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { useNow } from '../ui/useNow.ts';
import { useTicketsStore } from './tickets.store.ts';
import { TicketThread } from './TicketThread.tsx';
import { WorkReportDialog, useWorkReportPdf } from './WorkReportDialog.tsx';

const statusLabels = { running: 'In corso', paused: 'In pausa', stopped: 'Concluso' } as const;

/** The two legs of the handling time in support hours, against the targets of the ticket's priority. */
const HandlingTimesField = ({ ticket }: { ticket: TicketDetail }) => {
  const calendar = useSupportCalendar();
  const now = useNow(60_000);
  const times = handlingTimesOf(ticket, now, calendar);
  const leg = (minutes: number, done: boolean, target: number) => (
    <>
      {formatMinutes(minutes)}
      {done ? '' : ' finora'}{' '}
      <Badge tone={withinTarget(minutes, target) ? (done ? 'success' : 'neutral') : 'warning'}>obiettivo {formatMinutes(target)}</Badge>
    </>
  );
  return (
    <>
      <Field label="Presa in carico">{leg(times.takeMinutes, times.taken, times.takeTargetMinutes)}</Field>
      <Field label="Risoluzione">{leg(times.resolveMinutes, times.resolved, times.resolveTargetMinutes)}</Field>
    </>
  );
};

const CustomerCard = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) => {
  const lead = useSyncStore((state) => (state.status?.user ? isLead(state.status.user) : false));
  return (
    <section className="card" aria-label="Cliente">
      <h3>Cliente</h3>
      <MasterData customer={ticket.customer} />
      <ContractsSection customerId={ticket.customer.id} contracts={ticket.contracts} lead={lead} onChanged={onChanged} />
      <h4>Monte ore</h4>
      <HourBankSection customer={ticket.customer} hourBank={ticket.hourBank} lead={lead} onChanged={onChanged} />
      {lead ? <CustomerPortalAdmin customerId={ticket.customer.id} /> : null}
      <h4>Dispositivi</h4>
      <DeviceList devices={ticket.devices} lead={lead} onChanged={onChanged} />
    </section>
  );
};

const InterventionItem = ({ ticket, intervention }: { ticket: TicketDetail; intervention: Intervention }) => {
  const { pause, resume, stop } = useTimerStore(
    useShallow((state) => ({ pause: state.pause, resume: state.resume, stop: state.stop })),
  );
  const activity = isActivityCode(intervention.activity)
    ? activityCatalog[intervention.activity].label
    : intervention.activity;
  return (
    <li className="intervention card" aria-label={`Intervento del ${formatDateTime(intervention.startedAt)}`}>
      <header className="panel-header">
        <div>
          <strong>{activity}</strong>
          <p className="muted">
            {formatDateTime(intervention.startedAt)} · {interventionModeLabels[intervention.mode]} ·{' '}
            {intervention.technicianName ?? 'Tecnico'} ·{' '}
            {intervention.backupCheck === 'confirmed'
              ? 'copia di sicurezza confermata'
              : 'solo informazioni, copia non necessaria'}
            {intervention.softwareUpToDate === false ? ' · software non aggiornato' : ''}
            {intervention.conformingSetup === false ? ' · installazione non conforme' : ''}
          </p>
        </div>
        <div className="badges">
          <Badge tone={intervention.status === 'running' ? 'info' : 'neutral'}>
            {statusLabels[intervention.status]}
          </Badge>
          {intervention.approved ? <Badge tone="success">Approvato</Badge> : null}
        </div>
      </header>
      <LiveFigures ticket={ticket} intervention={intervention} />
      <InterventionNotes intervention={intervention} />
      <AuditTrail record={{ entity: 'intervention', id: intervention.id }} />
      {intervention.status !== 'stopped' ? (
        <div className="actions">
          {intervention.status === 'running' ? (
            <button type="button" onClick={() => void pause(intervention.id)}>
              Pausa
            </button>
          ) : (
            <button type="button" onClick={() => void resume(intervention.id)}>
              Riprendi
            </button>
          )}
          <button type="button" onClick={() => void stop(intervention.id)}>
            Termina intervento
          </button>
        </div>
      ) : null}
    </li>
  );
};

/** Notes on the work done; they travel to the customer's closure summary through the API. */
/**
 * «In attesa del cliente» and back: the ticket waits for the customer (a call back, a detail) and
 * leaves the queue's working statuses until someone takes it up again. A lead moving a colleague's
 * ticket says why in «Assegnazione» instead (the command asks for a reason there).
 */
const WaitingToggle = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) => {
  const user = useSyncStore((state) => state.status?.user ?? null);
  const [error, setError] = useState<string | null>(null);
  if (!user || leadReasonNeeded({ id: user.id, role: user.role }, ticket.assigneeId)) return null;
  const waiting = ticket.status === 'waiting';
  const toggle = async () => {
    const refused = await executeCommand('ticket.update', { ticketId: ticket.id, changes: { status: waiting ? 'in_progress' : 'waiting' } });
    setError(refused);
    if (!refused) onChanged();
  };
  return (
    <>
      <button type="button" onClick={() => void toggle()}>
        {waiting ? 'Riprendi la lavorazione' : 'In attesa del cliente'}
      </button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </>
  );
};

const InterventionNotes = ({ intervention }: { intervention: Intervention }) => {
  const [notes, setNotes] = useState(intervention.notes);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const save = async () => {
    const refused = await executeCommand('intervention.edit', { interventionId: intervention.id, changes: { notes } });
    setMessage(refused ? { tone: 'error', text: refused } : { tone: 'info', text: 'Note salvate.' });
  };
  return (
    <div className="notes">
      <label className="field">
        <span className="field-label">Note dell’intervento</span>
        <textarea
          rows={2}
          value={notes}
          disabled={intervention.approved}
          onChange={(event) => setNotes(event.target.value)}
        />
      </label>
      {notes !== intervention.notes ? (
        <button type="button" onClick={() => void save()}>
          Salva note
        </button>
      ) : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </div>
  );
};

/** The work reports signed on site, every version, each with its PDF. */
const WorkReports = ({ ticket }: { ticket: TicketDetail }) => {
  const pdf = useWorkReportPdf();
  return (
    <section aria-labelledby="work-reports-title">
      <h3 id="work-reports-title">Rapportini d’intervento</h3>
      <ul className="plain-list">
        {ticket.workReports.map((report) => (
          <li key={report.id}>
            Versione {report.version} del {formatDateTime(report.createdAt)} ·{' '}
            {report.signature.kind === 'signed' ? `firmato da ${report.signature.signerName}` : `non firmato: ${report.signature.reason}`}{' '}
            <button type="button" onClick={() => void pdf.open(report.id)} aria-label={`Apri il PDF del rapportino versione ${report.version}`}>
              PDF
            </button>
          </li>
        ))}
      </ul>
      {pdf.error ? <Notice tone="error">{pdf.error}</Notice> : null}
    </section>
  );
};

const TicketDetailBody = ({ ticket }: { ticket: TicketDetail }) => {
  const [starting, setStarting] = useState(false);
  const [closing, setClosing] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [reporting, setReporting] = useState(false);
  const onSiteDone = ticket.interventions.some((intervention) => intervention.mode === 'on_site' && intervention.status === 'stopped');
  const reload = useTicketsStore((state) => state.select);
  const refresh = useTicketsStore((state) => state.refreshSelected);
  const closed = ticket.status === 'closed';
  return (
    <article className="ticket-detail" aria-labelledby="ticket-detail-title">
      <header className="panel-header">
        <div>
          <h2 id="ticket-detail-title">
            {ticket.number} · {ticket.subject}
          </h2>
          <p className="muted">
            {channelLabels[ticket.channel]} · aperto il {formatDateTime(ticket.openedAt)}
          </p>
        </div>
        <div className="badges">
          <PriorityBadge priority={ticket.priority} />
          <StatusBadge status={ticket.status} />
          {ticket.blocking ? <Badge tone="danger">Bloccante</Badge> : null}
        </div>
      </header>
      {!closed ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setStarting(true)}>
            Avvia intervento
          </button>
          <button type="button" onClick={() => setClosing(true)}>
            Chiudi ticket
          </button>
          <WaitingToggle ticket={ticket} onChanged={() => void refresh()} />
          <button type="button" onClick={() => setCorrecting(true)}>
            Correggi il ticket
          </button>
          {onSiteDone ? (
            <button type="button" onClick={() => setReporting(true)}>
              Rapportino d’intervento
            </button>
          ) : null}
        </div>
      ) : null}

      <TicketAssignment ticket={ticket} onChanged={() => void refresh()} />

      <section aria-label="Descrizione">
        <h3>Descrizione</h3>
        <p>{ticket.description || 'Nessuna descrizione.'}</p>
        <dl className="fields">
          {ticket.cause ? <Field label="Causa">{causeLabels[ticket.cause]}</Field> : null}
          {ticket.resolution ? <Field label="Soluzione">{ticket.resolution}</Field> : null}
          {ticket.closedAt ? <Field label="Chiuso il">{formatDateTime(ticket.closedAt)}</Field> : null}
          <HandlingTimesField ticket={ticket} />
        </dl>
      </section>

      {ticket.workReports.length > 0 ? <WorkReports ticket={ticket} /> : null}
      <TicketThread ticket={ticket} onWritten={() => void refresh()} />

      {ticket.feedback.length > 0 ? (
        <section aria-label="Valutazione del cliente">
          <h3>Valutazione del cliente</h3>
          <ul className="plain-list">
            {ticket.feedback.map((answer) => (
              <li key={answer.submittedAt}>
                <strong>
                  {answer.rating}/5 · {ratingLabels[answer.rating]}
                </strong>{' '}
                <span className="muted">dal modulo, {formatDateTime(answer.submittedAt)}</span>
                {answer.comment ? <p>«{answer.comment}»</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-label="Interventi">
        <h3>Interventi</h3>
        {ticket.interventions.length === 0 ? (
          <p className="muted">Nessun intervento registrato.</p>
        ) : (
          <ul className="plain-list interventions">
            {ticket.interventions.map((intervention) => (
              <InterventionItem key={intervention.id} ticket={ticket} intervention={intervention} />
            ))}
          </ul>
        )}
      </section>
      <CustomerCard ticket={ticket} onChanged={() => void refresh()} />
      <StartInterventionDialog ticket={ticket} open={starting} onClose={() => setStarting(false)} />
      <WorkReportDialog ticket={ticket} open={reporting} onClose={() => setReporting(false)} onRecorded={() => void refresh()} />
      <CorrectTicketDialog ticket={ticket} open={correcting} onClose={() => setCorrecting(false)} onCorrected={() => void refresh()} />
      <CloseTicketDialog
        ticket={ticket}
        open={closing}
        onClose={() => setClosing(false)}
        onClosed={() => void reload(ticket.id)}
      />
    </article>
  );
};

export const TicketDetailView = () => {
  const { selectedId, detail, detailLoading, detailError } = useTicketsStore(
    useShallow((state) => ({
      selectedId: state.selectedId,
      detail: state.detail,
      detailLoading: state.detailLoading,
      detailError: state.detailError,
    })),
  );
  return (
    <section className="panel detail-panel">
      {selectedId === null ? (
        <p className="empty-state">Seleziona un ticket dall'elenco per vederne i dettagli.</p>
      ) : null}
      {detailLoading ? <p className="muted">Caricamento del ticket…</p> : null}
      {detailError ? <Notice tone="error">{detailError}</Notice> : null}
      {detail ? <TicketDetailBody ticket={detail} /> : null}
    </section>
  );
};
