import type { ReactNode } from 'react';
import { addDays, romeDay, warrantyStatus } from '../../shared/domain/index.ts';
import { formatDateTime, formatDay } from '../../shared/format.ts';
import { Badge } from '../ui/Badge.tsx';
import {
  causeLabels,
  channelLabels,
  contractKindLabels,
  interventionModeLabels,
} from '../../shared/model/enums.ts';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { Notice } from '../ui/Notice.tsx';
import { PriorityBadge, StatusBadge } from './ticket-badges.tsx';
import { useTicketsStore } from './tickets.store.ts';

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="field-row">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

const TicketDetailBody = ({ ticket }: { ticket: TicketDetail }) => (
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
      </div>
    </header>

    <section aria-label="Descrizione">
      <h3>Descrizione</h3>
      <p>{ticket.description || 'Nessuna descrizione.'}</p>
      <dl className="fields">
        <Field label="Assegnato a">{ticket.assigneeName ?? 'Non assegnato'}</Field>
        <Field label="Bloccante">{ticket.blocking ? 'Sì' : 'No'}</Field>
        {ticket.cause ? <Field label="Causa">{causeLabels[ticket.cause]}</Field> : null}
        {ticket.resolution ? <Field label="Risoluzione">{ticket.resolution}</Field> : null}
        {ticket.closedAt ? <Field label="Chiuso il">{formatDateTime(ticket.closedAt)}</Field> : null}
      </dl>
    </section>

    <section className="card" aria-label="Cliente">
      <h3>Cliente</h3>
      <dl className="fields">
        <Field label="Ragione sociale">{ticket.customer.name}</Field>
        <Field label="Codice">{ticket.customer.code}</Field>
        <Field label="Città">{ticket.customer.city ?? '—'}</Field>
        <Field label="Telefono">{ticket.customer.phone ?? '—'}</Field>
        <Field label="E-mail">{ticket.customer.email ?? '—'}</Field>
      </dl>
      <h4>Contratti</h4>
      {ticket.contracts.length === 0 ? (
        <p className="muted">Nessun contratto di assistenza: gli interventi sono a pagamento.</p>
      ) : (
        <ul className="plain-list">
          {ticket.contracts.map((contract) => (
            <li key={contract.id}>
              {contractKindLabels[contract.kind]}: dal {formatDay(contract.validFrom)}
              {contract.validTo ? ` al ${formatDay(contract.validTo)}` : ', senza scadenza'}
            </li>
          ))}
        </ul>
      )}
      <h4>Dispositivi</h4>
      {ticket.devices.length === 0 ? (
        <p className="muted">Nessun dispositivo registrato.</p>
      ) : (
        <ul className="plain-list">
          {ticket.devices.map((device) => {
            const warranty = warrantyStatus(device, romeDay(new Date()));
            return (
              <li key={device.id}>
                {device.model} · matricola {device.serial} · acquistato il {formatDay(device.purchaseDate)} ·{' '}
                {warranty.covered ? (
                  <Badge tone="success">In garanzia fino al {formatDay(addDays(warranty.expiresOn, -1))}</Badge>
                ) : (
                  <Badge tone="neutral">Garanzia scaduta il {formatDay(warranty.expiresOn)}</Badge>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>

    <section aria-label="Interventi">
      <h3>Interventi</h3>
      {ticket.interventions.length === 0 ? (
        <p className="muted">Nessun intervento registrato.</p>
      ) : (
        <ul className="plain-list">
          {ticket.interventions.map((intervention) => (
            <li key={intervention.id}>
              {formatDateTime(intervention.startedAt)} · {interventionModeLabels[intervention.mode]} ·{' '}
              {intervention.technicianName ?? 'Tecnico sconosciuto'}
            </li>
          ))}
        </ul>
      )}
    </section>
  </article>
);

export const TicketDetailView = () => {
  const { selectedId, detail, detailLoading, detailError } = useTicketsStore();
  return (
    <section className="panel detail-panel">
      {selectedId === null ? <p className="empty-state">Seleziona un ticket dall'elenco per vederne i dettagli.</p> : null}
      {detailLoading ? <p className="muted">Caricamento del ticket…</p> : null}
      {detailError ? <Notice tone="error">{detailError}</Notice> : null}
      {detail ? <TicketDetailBody ticket={detail} /> : null}
    </section>
  );
};
