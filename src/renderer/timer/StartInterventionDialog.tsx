import { useState, type FormEvent } from 'react';
import { asksStandardConditions, type ActivityCode } from '../../shared/domain/index.ts';
import {
  interventionModeLabels,
  interventionModes,
  type InterventionMode,
} from '../../shared/model/enums.ts';
import type { TicketDetail } from '../../shared/model/ticket.schema.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { RadioGroup } from '../ui/RadioGroup.tsx';
import { ActivityField } from './ActivityField.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useTimerStore } from './timer.store.ts';
import { useShallow } from 'zustand/react/shallow';
import { FormActions } from '../ui/FormActions.tsx';

/** Mode, activity and the backup confirmation the rules require before any technical work. */
export const StartInterventionDialog = ({
  ticket,
  open,
  onClose,
}: {
  ticket: TicketDetail;
  open: boolean;
  onClose: () => void;
}) => (
  <Dialog title="Avvia intervento" open={open} onClose={onClose}>
    <StartInterventionForm ticket={ticket} onClose={onClose} />
  </Dialog>
);

/** Mounted afresh at every opening, so each intervention starts from the defaults. */
const StartInterventionForm = ({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) => {
  const { start, error } = useTimerStore(useShallow((state) => ({ start: state.start, error: state.error })));
  const [mode, setMode] = useState<InterventionMode>('remote');
  const [activity, setActivity] = useState<ActivityCode>('software_assistance');
  const [deviceId, setDeviceId] = useState('');
  const [backup, setBackup] = useState(false);
  const [informationOnly, setInformationOnly] = useState(false);
  // The two conditions of standard assistance, yes unless the customer says otherwise.
  const [softwareUpToDate, setSoftwareUpToDate] = useState(true);
  const [conformingSetup, setConformingSetup] = useState(true);
  const standard = asksStandardConditions(activity);
  const phoneInfo = mode === 'phone' && informationOnly;
  const canStart = backup || phoneInfo;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canStart) return;
    const ok = await start({
      ticketId: ticket.id,
      mode,
      activity,
      backupCheck: phoneInfo && !backup ? 'not_needed_phone_info' : 'confirmed',
      deviceId: deviceId === '' ? null : deviceId,
      ...(standard ? { softwareUpToDate, conformingSetup } : {}),
    });
    // On a running timer the console asks in its own dialog; this one has done its part.
    if (ok || useTimerStore.getState().conflict) onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="form-grid">
      <RadioGroup
        legend="Modalità"
        name="mode"
        values={interventionModes}
        labels={interventionModeLabels}
        value={mode}
        onChange={setMode}
      />
      <ActivityField value={activity} onChange={setActivity} />
      {standard ? (
        <fieldset className="field">
          <legend className="field-label">Condizioni dell’assistenza standard</legend>
          <label className="checkbox">
            <input type="checkbox" checked={softwareUpToDate} onChange={(event) => setSoftwareUpToDate(event.target.checked)} />
            Il software del cliente è all’ultima versione
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={conformingSetup} onChange={(event) => setConformingSetup(event.target.checked)} />
            Hardware, sistema operativo e periferiche sono conformi alle linee guida
          </label>
          {!softwareUpToDate || !conformingSetup ? (
            <p className="muted">Senza queste condizioni l’assistenza standard non copre l’intervento: è a pagamento, salvo l’assistenza estesa J-System.</p>
          ) : null}
        </fieldset>
      ) : null}
      {ticket.devices.length > 0 ? (
        <label className="field">
          <span className="field-label">Dispositivo (per garanzia e riparazioni)</span>
          <select value={deviceId} onChange={(event) => setDeviceId(event.target.value)}>
            <option value="">Nessuno</option>
            {ticket.devices.map((device) => (
              <option key={device.id} value={device.id}>
                {device.model} · {device.serial}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={backup} onChange={(event) => setBackup(event.target.checked)} />
        Confermo che programmi e archivi del cliente sono stati salvati (copia di sicurezza)
      </label>
      {mode === 'phone' ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={informationOnly}
            onChange={(event) => setInformationOnly(event.target.checked)}
          />
          Solo informazioni al telefono: nessun intervento tecnico, copia non necessaria
        </label>
      ) : null}
      {!canStart ? (
        <p className="muted">Per avviare un intervento tecnico serve la conferma della copia di sicurezza.</p>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <FormActions submitLabel="Avvia" onCancel={onClose} disabled={!canStart} />
    </form>
  );
};
