import { useState } from 'react';
import { repairStatusLabels, romeDay, tierLabels, tiers } from '../../shared/domain/index.ts';
import { formatDateTime, formatDuration, formatEuroCents, formatMinutes } from '../../shared/format.ts';
import { channelLabels, channels, interventionModeLabels, interventionModes } from '../../shared/model/enums.ts';
import type { TeamDay, TeamDayIntervention, TeamDayRepair, TechnicianDay } from '../../shared/review/team-day.ts';
import { executeCommand } from '../host/execute-command.ts';
import { useHostQuery } from '../host/use-host.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TeamDayChart } from './TeamDayChart.tsx';
import { AdjustInterventionDialog } from './AdjustInterventionDialog.tsx';
import { ConsolesPanel } from './ConsolesPanel.tsx';
import { OutboxPanel } from './OutboxPanel.tsx';
import { UnsortedMailPanel } from './UnsortedMailPanel.tsx';
import { useNow } from '../ui/useNow.ts';
import { ActionsHeader } from '../../ui/ActionsHeader.tsx';

const statusLabels = { running: 'In corso', paused: 'In pausa', stopped: 'Concluso' } as const;

/** «Giornata del team»: the day's work per technician, from this console's copy, with approvals. */
export const TeamDayScreen = () => {
  const [day, setDay] = useState(() => romeDay(new Date()));
  const [chosen, setChosen] = useState<string | null>(null);
  // The day's summary, with the chosen technician's interventions; new work arrives with every sync
  // and running timers move on their own. A late answer for a day or technician no longer shown is dropped.
  const view = useHostQuery('review.day', { day, technicianId: chosen }, { refreshOn: ['tickets.changed'], refreshEveryMs: 60_000 });
  const data: TeamDay | null = view.data;
  const { error, reload: load } = view;
  const lastSyncedAt = useSyncStore((state) => state.status?.lastSyncedAt ?? null);
  const now = useNow(60_000);

  const technician = data?.technicians.find((row) => row.technicianId === chosen) ?? null;
  return (
    <main className="lead-screen" aria-labelledby="team-day-title">
      <header className="panel-header">
        <h2 id="team-day-title">Giornata del team</h2>
        <label className="field">
          <span className="field-label">Giorno</span>
          <input type="date" value={day} required onChange={(event) => event.target.value && setDay(event.target.value)} />
        </label>
      </header>
      <p className="muted">
        Dati della copia locale
        {lastSyncedAt ? `, aggiornati all’ultima sincronizzazione (${formatDateTime(lastSyncedAt)})` : ', mai sincronizzata'}
        . Importi e minuti fatturati sono quelli calcolati dall’API centrale.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {data && data.technicians.length === 0 ? <Notice tone="info">Nessun intervento in questo giorno.</Notice> : null}
      {data && data.technicians.length > 0 ? (
        <>
          <TeamDayChart technicians={data.technicians} />
          <TechnicianTable rows={data.technicians} chosen={chosen} onChoose={setChosen} />
        </>
      ) : null}
      {technician && data && view.fresh ? (
        <InterventionReview
          // Another technician: a fresh selection and no message about the previous one.
          key={technician.technicianId}
          technician={technician}
          interventions={data.interventions}
          onChanged={() => void load()}
        />
      ) : null}
      {technician && !view.fresh ? (
        <p className="muted" role="status">
          Caricamento degli interventi di {technician.technicianName}…
        </p>
      ) : null}
      {data ? <RepairsOfDay repairs={data.repairs} /> : null}
      <ConsolesPanel now={now} />
      <UnsortedMailPanel />
      <OutboxPanel />
    </main>
  );
};

const TechnicianTable = ({
  rows,
  chosen,
  onChoose,
}: {
  rows: TechnicianDay[];
  chosen: string | null;
  onChoose: (technicianId: string) => void;
}) => (
  <table aria-label="Tecnici del giorno">
    <thead>
      <tr>
        <th>Tecnico</th>
        <th className="number">Interventi</th>
        <th className="number">Lavorato</th>
        <th className="number">Incluso</th>
        <th className="number">Fatturato</th>
        <th className="number">Importo netto</th>
        <th>Per fascia</th>
        <th>Canali</th>
        <th>Modalità</th>
        <th>Da guardare</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr key={row.technicianId} className={row.technicianId === chosen ? 'chosen' : undefined}>
          <td>
            <button type="button" className="link-button accent" onClick={() => onChoose(row.technicianId)}>
              {row.technicianName}
            </button>
          </td>
          <td className="number">{row.interventions}</td>
          <td className="number">{formatDuration(row.workedSeconds)}</td>
          <td className="number">{formatMinutes(row.includedMinutes)}</td>
          <td className="number">{formatMinutes(row.billedMinutes)}</td>
          <td className="number">{formatEuroCents(row.netCents)}</td>
          <td>
            {tiers
              .filter((tier) => row.byTier[tier].count > 0)
              .map((tier) => `${tierLabels[tier]}: ${row.byTier[tier].count}`)
              .join(' · ') || '—'}
          </td>
          <td>
            {channels
              .filter((channel) => row.byChannel[channel])
              .map((channel) => `${channelLabels[channel]} ${row.byChannel[channel]}`)
              .join(' · ')}
          </td>
          <td>
            {interventionModes
              .filter((mode) => row.byMode[mode])
              .map((mode) => `${interventionModeLabels[mode]} ${row.byMode[mode]}`)
              .join(' · ')}
          </td>
          <td>
            <span className="badges">
              {row.running > 0 ? <Badge tone="info">{row.running} in corso</Badge> : null}
              {row.paused > 0 ? <Badge tone="neutral">{row.paused} in pausa</Badge> : null}
              {row.toApprove > 0 ? <Badge tone="warning">{row.toApprove} da approvare</Badge> : null}
              {row.flagged > 0 ? <Badge tone="danger">{row.flagged} tempi da verificare</Badge> : null}
              {row.outsideSupportHours > 0 ? <Badge tone="warning">{row.outsideSupportHours} fuori orario</Badge> : null}
              {row.crashCuts > 0 ? <Badge tone="warning">{row.crashCuts} {row.crashCuts === 1 ? 'interruzione' : 'interruzioni'} da confermare</Badge> : null}
              {row.awaitingServer > 0 ? <Badge tone="neutral">{row.awaitingServer} in attesa dell’API</Badge> : null}
            </span>
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** One technician's interventions of the day; stopped work can be approved, one or many at a time. */
const InterventionReview = ({
  technician,
  interventions,
  onChanged,
}: {
  technician: TechnicianDay;
  interventions: TeamDayIntervention[];
  onChanged: () => void;
}) => {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [adjusting, setAdjusting] = useState<TeamDayIntervention | null>(null);
  const user = useSyncStore((state) => state.status?.user ?? null);
  const approvable = (item: TeamDayIntervention) => item.status === 'stopped' && !item.approved;

  const approve = async () => {
    const failures: string[] = [];
    for (const interventionId of selected) {
      const refused = await executeCommand('intervention.approve', { interventionId });
      if (refused) failures.push(refused);
    }
    const approved = selected.size - failures.length;
    setSelected(new Set());
    const approvedText = approved === 1 ? '1 intervento approvato' : `${approved} interventi approvati`;
    setMessage(
      failures.length > 0
        ? { tone: 'error', text: `${approvedText}, ${failures.length} no: ${failures[0]}` }
        : { tone: 'info', text: `${approvedText}: l’approvazione sarà inviata all’API centrale.` },
    );
    onChanged();
  };

  return (
    <section className="card" aria-label={`Interventi di ${technician.technicianName}`}>
      <header className="panel-header">
        <h3>Interventi di {technician.technicianName}</h3>
        <button type="button" className="primary" disabled={selected.size === 0} onClick={() => void approve()}>
          Approva selezionati ({selected.size})
        </button>
      </header>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <table aria-label="Interventi del tecnico">
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Seleziona</span>
            </th>
            <th>Inizio</th>
            <th>Ticket</th>
            <th>Modalità</th>
            <th className="number">Lavorato</th>
            <th>Classificazione</th>
            <th className="number">Fatturato</th>
            <th>Stato</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {interventions.map((item) => (
            <tr key={item.id}>
              <td>
                {approvable(item) ? (
                  <input
                    type="checkbox"
                    aria-label={`Seleziona l’intervento ${item.ticketNumber} delle ${formatDateTime(item.startedAt)}`}
                    checked={selected.has(item.id)}
                    onChange={() =>
                      setSelected((current) => {
                        const next = new Set(current);
                        if (next.has(item.id)) next.delete(item.id);
                        else next.add(item.id);
                        return next;
                      })
                    }
                  />
                ) : null}
              </td>
              <td>{formatDateTime(item.startedAt)}</td>
              <td>
                {item.ticketNumber} · {item.subject}
                <br />
                <span className="muted">{item.customerName}</span>
              </td>
              <td>{interventionModeLabels[item.mode]}</td>
              <td className="number">{formatDuration(item.workedSeconds)}</td>
              <td>{item.tier ? tierLabels[item.tier] : <span className="muted">in attesa dell’API</span>}</td>
              <td className="number">
                {item.billedMinutes !== null ? formatMinutes(item.billedMinutes) : '—'}
                {item.netCents ? ` · ${formatEuroCents(item.netCents)}` : ''}
              </td>
              <td>
                <span className="badges">
                  <Badge tone={item.status === 'running' ? 'info' : 'neutral'}>{statusLabels[item.status]}</Badge>
                  {item.approved ? <Badge tone="success">Approvato</Badge> : null}
                  {item.reviewReason ? <Badge tone="danger">{item.reviewReason}</Badge> : null}
                </span>
              </td>
              <td>
                <button
                  type="button"
                  className="link-button accent"
                  aria-label={`Correggi l’intervento ${item.ticketNumber} delle ${formatDateTime(item.startedAt)}`}
                  onClick={() => setAdjusting(item)}
                >
                  Correggi
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {user ? (
        <AdjustInterventionDialog
          intervention={adjusting}
          actor={{ id: user.id, role: user.role }}
          onClose={() => setAdjusting(null)}
          onAdjusted={() => {
            setAdjusting(null);
            setMessage({ tone: 'info', text: 'Correzione registrata: l’API centrale ricalcolerà l’addebito.' });
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
};

const happenedLabels = { received: 'ricevuta', worked: 'lavorata', updated: 'aggiornata' } as const satisfies Record<TeamDayRepair['happened'][number], string>;

/** The bench's day: repairs received, worked on or moved on, with the warranty verdict and the API's charge once done. */
const RepairsOfDay = ({ repairs }: { repairs: TeamDayRepair[] }) => (
  <section className="card" aria-labelledby="repairs-of-day-title">
    <h3 id="repairs-of-day-title">Riparazioni del giorno</h3>
    {repairs.length === 0 ? (
      <p className="muted">Nessuna riparazione ricevuta, lavorata o aggiornata in questo giorno.</p>
    ) : (
      <table aria-label="Riparazioni del giorno">
        <thead>
          <tr>
            <th>Cliente</th>
            <th>Dispositivo</th>
            <th>Stato</th>
            <th>Garanzia</th>
            <th className="number">Manodopera</th>
            <th className="number">Ripristino</th>
            <th className="number">Fatturato</th>
            <th className="number">Importo netto</th>
            <th>Nel giorno</th>
          </tr>
        </thead>
        <tbody>
          {repairs.map((repair) => (
            <tr key={repair.id}>
              <td>
                {repair.customerName}
                {repair.ticketNumber ? <div className="muted">{repair.ticketNumber}</div> : null}
              </td>
              <td>
                {repair.deviceModel} · {repair.deviceSerial}
              </td>
              <td>{repairStatusLabels[repair.status]}</td>
              <td>
                {repair.warrantyCovered ? <Badge tone="success">In garanzia</Badge> : <Badge tone="neutral">Fuori garanzia</Badge>}
                {repair.reviewReason ? (
                  <div>
                    <Badge tone="warning">Da confermare</Badge> <span className="muted">{repair.reviewReason}</span>
                  </div>
                ) : null}
              </td>
              <td className="number">{formatMinutes(repair.labourMinutes)}</td>
              <td className="number">{formatMinutes(repair.restoreMinutes)}</td>
              <td className="number">{repair.billedMinutes === null ? '—' : formatMinutes(repair.billedMinutes)}</td>
              <td className="number">{repair.netCents === null ? 'in attesa dell’API' : formatEuroCents(repair.netCents)}</td>
              <td>{repair.happened.map((what) => happenedLabels[what]).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);
