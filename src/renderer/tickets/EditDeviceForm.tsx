import { useState, type FormEvent } from 'react';
import type { Device } from '../../shared/model/ticket.schema.ts';
import { executeCommand } from '../host/execute-command.ts';
import { Notice } from '../../ui/Notice.tsx';

/**
 * A lead corrects a device on the customer card: model and serial freely; purchase date and
 * warranty months decide what is billed, so changing them asks why (the API audits it and prices
 * the device's finished work again).
 */
export const EditDeviceForm = ({ device, onChanged }: { device: Device; onChanged: () => void }) => {
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState(device.model);
  const [serial, setSerial] = useState(device.serial);
  const [purchaseDate, setPurchaseDate] = useState(device.purchaseDate);
  const [months, setMonths] = useState(String(device.warrantyMonths));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" className="link-button" aria-label={`Modifica il dispositivo ${device.serial}`} onClick={() => setOpen(true)}>
        modifica
      </button>
    );
  const warrantyMonths = Number(months);
  const warrantyChanged = purchaseDate !== device.purchaseDate || warrantyMonths !== device.warrantyMonths;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!Number.isInteger(warrantyMonths) || warrantyMonths < 12 || warrantyMonths > 36) return setError('La garanzia dura da 12 a 36 mesi.');
    const refused = await executeCommand('device.upsert', {
      id: device.id,
      customerId: device.customerId,
      model: model.trim(),
      serial: serial.trim(),
      purchaseDate,
      warrantyMonths,
      ...(warrantyChanged ? { reason: reason.trim() } : {}),
    });
    setError(refused);
    if (!refused) {
      setOpen(false);
      onChanged();
    }
  };
  return (
    <form className="form-grid" aria-label={`Modifica del dispositivo ${device.serial}`} onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">Modello</span>
        <input value={model} required maxLength={120} onChange={(event) => setModel(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Matricola</span>
        <input value={serial} required maxLength={60} onChange={(event) => setSerial(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Data di acquisto</span>
        <input type="date" value={purchaseDate} required onChange={(event) => setPurchaseDate(event.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Mesi di garanzia (estensione inclusa)</span>
        <input type="number" min={12} max={36} value={months} required onChange={(event) => setMonths(event.target.value)} />
      </label>
      {warrantyChanged ? (
        <label className="field">
          <span className="field-label">Motivo della modifica della garanzia</span>
          <input value={reason} required maxLength={500} onChange={(event) => setReason(event.target.value)} />
        </label>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={warrantyChanged && reason.trim() === ''}>
          Salva il dispositivo
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Annulla
        </button>
      </div>
    </form>
  );
};
