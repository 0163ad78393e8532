import { useEffect, useState, type FormEvent } from 'react';
import { priorities, priorityLabels, prioritySchema } from '../../shared/model/enums.ts';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { isLead, leadReasonNeeded, type Actor } from '../../shared/sync/rules.ts';
import { useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Notice } from '../../ui/Notice.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { executeCommand } from '../host/execute-command.ts';

type Teammate = { id: string; displayName: string; role: string };
type Message = { tone: 'info' | 'error'; text: string };

/**
 * Who holds the ticket, and what the signed-in user may do about it: a technician takes an
 * unassigned ticket («Prendi in carico») or gives back their own; a team lead assigns, reassigns
 * and changes the priority, saying why when the ticket is a colleague's (the same rule the API
 * applies, `leadReasonNeeded`).
 */
export const TicketAssignment = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) => {
  const user = useSyncStore((state) => state.status?.user ?? null);
  const [message, setMessage] = useState<Message | null>(null);
  const closed = ticket.status === 'closed';
  const actor: Actor | null = user ? { id: user.id, role: user.role } : null;

  const take = async (assigneeId: string | null, done: string) => {
    const error = await executeCommand('ticket.assign', { ticketId: ticket.id, assigneeId });
    setMessage(error ? { tone: 'error', text: error } : { tone: 'info', text: done });
    if (!error) onChanged();
  };

  return (
    <section className="card" aria-label="Assegnazione">
      <h3>Assegnazione</h3>
      <p>
        Assegnato a: <strong>{ticket.assigneeName ?? 'nessuno'}</strong>
      </p>
      {actor && !closed && !isLead(actor) ? (
        <div className="actions">
          {ticket.assigneeId === null ? (
            <button type="button" onClick={() => void take(actor.id, 'Ticket preso in carico.')}>
              Prendi in carico
            </button>
          ) : null}
          {ticket.assigneeId === actor.id ? (
            <button type="button" onClick={() => void take(null, 'Ticket rilasciato: torna tra i non assegnati.')}>
              Rilascia
            </button>
          ) : null}
        </div>
      ) : null}
      {actor && !closed && isLead(actor) ? (
        <LeadAssignmentForm ticket={ticket} actor={actor} onChanged={onChanged} onMessage={setMessage} />
      ) : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {actor && isLead(actor) ? <AuditTrail record={{ entity: 'ticket', id: ticket.id }} /> : null}
    </section>
  );
};

const LeadAssignmentForm = ({
  ticket,
  actor,
  onChanged,
  onMessage,
}: {
  ticket: TicketDetail;
  actor: Actor;
  onChanged: () => void;
  onMessage: (message: Message) => void;
}) => {
  const teamList = useHostQuery('users.list', {});
  const team: Teammate[] = teamList.data ?? [];
  const [assigneeId, setAssigneeId] = useState(ticket.assigneeId ?? '');
  const [priority, setPriority] = useState(ticket.priority);
  const [reason, setReason] = useState('');
  useEffect(() => {
    setAssigneeId(ticket.assigneeId ?? '');
    setPriority(ticket.priority);
  }, [ticket.assigneeId, ticket.priority]);

  const nextAssignee = assigneeId === '' ? null : assigneeId;
  const assigneeChanged = nextAssignee !== ticket.assigneeId;
  const priorityChanged = priority !== ticket.priority;
  const needsReason = (assigneeChanged || priorityChanged) && leadReasonNeeded(actor, ticket.assigneeId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const why = reason.trim();
    if (needsReason && why === '') {
      onMessage({ tone: 'error', text: 'Indica il motivo: il ticket è di un collega.' });
      return;
    }
    const withReason = needsReason ? { reason: why } : {};
    // The priority first: it is decided on the ticket as its current holder has it.
    if (priorityChanged) {
      const error = await executeCommand('ticket.update', { ticketId: ticket.id, changes: { priority }, ...withReason });
      if (error) return onMessage({ tone: 'error', text: error });
    }
    if (assigneeChanged) {
      const error = await executeCommand('ticket.assign', { ticketId: ticket.id, assigneeId: nextAssignee, ...withReason });
      if (error) return onMessage({ tone: 'error', text: error });
    }
    setReason('');
    onMessage({ tone: 'info', text: 'Modifiche registrate: saranno inviate all’API centrale.' });
    onChanged();
  };

  return (
    <form className="assignment-form" aria-label="Assegna e cambia priorità" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">Tecnico</span>
        <select value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
          <option value="">Non assegnato</option>
          {team.map((member) => (
            <option key={member.id} value={member.id}>
              {member.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Priorità</span>
        <select value={priority} onChange={(event) => setPriority(prioritySchema.parse(event.target.value))}>
          {priorities.map((value) => (
            <option key={value} value={value}>
              {priorityLabels[value]}
            </option>
          ))}
        </select>
      </label>
      {needsReason ? (
        <label className="field">
          <span className="field-label">Motivo (il ticket è di un collega)</span>
          <input value={reason} maxLength={500} required onChange={(event) => setReason(event.target.value)} />
        </label>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={!assigneeChanged && !priorityChanged}>
          Salva assegnazione
        </button>
      </div>
    </form>
  );
};
