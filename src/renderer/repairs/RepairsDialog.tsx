import { useState, type FormEvent } from 'react';
import {
  addDays,
  nextRepairStatuses,
  repairStatusLabels,
  allocationSourceLabels,
  evaluateRepair,
  policyOn,
  romeDay,
  tierLabels,
} from '../../shared/domain/index.ts';
import type { HostResponse } from '../../shared/host-api/contract.ts';
import { euroInputText, formatDay, formatEuroCents, formatMinutes, parseEuroCents } from '../../shared/format.ts';
import type { RepairView } from '../../shared/model/repair.schema.ts';
import type { RepairPart } from '../../shared/domain/index.ts';
import { newId } from '../../shared/ids.ts';
import { useHostAction, useHostQuery } from '../host/use-host.ts';
import { CustomerPicker, type CustomerHit } from '../customers/CustomerPicker.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { ConfirmWarranty, WarrantyVerdict } from './WarrantyVerdict.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useSupportCalendar } from '../calendar/calendar.store.ts';
import { usePolicyVersions } from '../billing/policy.store.ts';
import { executeCommand } from '../host/execute-command.ts';
import { useSyncStore } from '../sync/sync.store.ts';
import { isLead, type Actor } from '../../shared/sync/rules.ts';
import { declaredWarrantyReason, registrationNeedsWarrantyReview } from '../../shared/sync/model/client-dates.ts';
import { defaultTimePolicy } from '../../shared/sync/model/command-effects.ts';

type Found = HostResponse<'devices.findBySerial'>;

/** The review a registration made here would carry: the same shared rule the command applies. */
const declaredWarranty = (user: Actor | null, device: { purchaseDate: string; warrantyMonths: number }): string | null =>
  user && registrationNeedsWarrantyReview(user, device, { actor: user, now: new Date().toISOString(), policy: defaultTimePolicy }) ? declaredWarrantyReason : null;

/** Find the device by serial or register it; the warranty verdict shows at once. */
const NewRepair = ({ onCreated }: { onCreated: () => void }) => {
  const today = romeDay(new Date());
  const user = useSyncStore((state) => state.status?.user ?? null);
  const [serial, setSerial] = useState('');
  const [found, setFound] = useState<Found | undefined>(undefined);
  const [customer, setCustomer] = useState<CustomerHit | null>(null);
  const [model, setModel] = useState('');
  const [purchaseDate, setPurchaseDate] = useState('');
  const [warrantyMonths, setWarrantyMonths] = useState(12);
  const [defect, setDefect] = useState('');
  const [error, setError] = useState<string | null>(null);
  const findBySerial = useHostAction('devices.findBySerial');
  const create = useHostAction('repairs.create');

  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const answer = await findBySerial.run({ serial });
    if (answer.ok) setFound(answer.value);
  };

  const register = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const device = found
      ? { id: found.device.id }
      : customer
        ? { new: { customerId: customer.id, model, serial, purchaseDate, warrantyMonths } }
        : null;
    if (!device) {
      setError('Scegli il cliente proprietario del dispositivo.');
      return;
    }
    if (!(await create.run({ device, reportedDefect: defect, ticketId: null })).ok) return;
    setSerial('');
    setFound(undefined);
    setDefect('');
    setCustomer(null);
    onCreated();
  };

  const validPurchase = /^\d{4}-\d{2}-\d{2}$/.test(purchaseDate);
  return (
    <section aria-label="Nuova riparazione" className="card">
      <h3>Nuova riparazione</h3>
      <form onSubmit={(event) => void lookUp(event)} className="inline-form">
        <label className="field">
          <span className="field-label">Matricola</span>
          <input
            value={serial}
            onChange={(event) => {
              setSerial(event.target.value);
              setFound(undefined);
            }}
            required
          />
        </label>
        <button type="submit">Cerca</button>
      </form>
      {found ? (
        <p>
          {found.device.model} · {found.customerName} · acquistato il {formatDay(found.device.purchaseDate)} ·{' '}
          <WarrantyVerdict device={found.device} on={today} />
        </p>
      ) : null}
      {found === null ? (
        <fieldset>
          <legend>Dispositivo non registrato: registralo</legend>
          <CustomerPicker chosen={customer} onChoose={setCustomer} label="Cliente proprietario" listLabel="Clienti trovati" showDetails={false} />
          <label className="field">
            <span className="field-label">Modello</span>
            <input value={model} onChange={(event) => setModel(event.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Data di acquisto</span>
            <input
              type="date"
              value={purchaseDate}
              onChange={(event) => setPurchaseDate(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">Mesi di garanzia (estensione inclusa)</span>
            <input
              type="number"
              min={12}
              max={36}
              value={warrantyMonths}
              onChange={(event) => setWarrantyMonths(Number(event.target.value))}
            />
          </label>
          {validPurchase && warrantyMonths >= 12 && warrantyMonths <= 36 ? (
            <p>
              Verdetto:{' '}
              <WarrantyVerdict device={{ purchaseDate, warrantyMonths, warrantyReview: declaredWarranty(user, { purchaseDate, warrantyMonths }) }} on={today} />
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {found !== undefined ? (
        <form onSubmit={(event) => void register(event)} className="form-grid">
          <label className="field">
            <span className="field-label">Difetto segnalato</span>
            <textarea rows={2} required value={defect} onChange={(event) => setDefect(event.target.value)} />
          </label>
          <button type="submit" className="primary">
            Registra riparazione
          </button>
        </form>
      ) : null}
      {(error ?? findBySerial.error ?? create.error) ? <Notice tone="error">{error ?? findBySerial.error ?? create.error}</Notice> : null}
    </section>
  );
};

const RepairItem = ({ repair, onChanged }: { repair: RepairView; onChanged: () => void }) => {
  const lead = useSyncStore((state) => (state.status?.user ? isLead(state.status.user) : false));
  const [diagnosis, setDiagnosis] = useState(repair.diagnosis);
  const [parts, setParts] = useState(repair.parts);
  const [labour, setLabour] = useState(repair.labourMinutes);
  const [restore, setRestore] = useState(repair.restoreMinutes);
  const [transport, setTransport] = useState(repair.transport);
  const [partsUsed, setPartsUsed] = useState<RepairPart[]>(repair.partsUsed);
  // The lead's transport price in euros as typed; empty: the policy's flat fee.
  const [transportPrice, setTransportPrice] = useState(repair.transportNetCents === null ? '' : euroInputText(repair.transportNetCents));
  const [transportReason, setTransportReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const closed = repair.status === 'returned' || repair.status === 'rejected';
  const calendar = useSupportCalendar();
  const policies = usePolicyVersions();
  // Unsaved edits are previewed as if logged now; saved work shows the API's figures once it has charged them.
  // Empty: the flat fee; NaN: not an amount (the field says so).
  const transportNetCents = transportPrice.trim() === '' ? null : (parseEuroCents(transportPrice) ?? Number.NaN);
  const partsEdited = JSON.stringify(partsUsed) !== JSON.stringify(repair.partsUsed);
  const transportPriced = lead && transportNetCents !== repair.transportNetCents;
  const edited = labour !== repair.labourMinutes || restore !== repair.restoreMinutes || transport !== repair.transport || partsEdited || transportPriced;
  const now = new Date().toISOString();
  const figures =
    repair.billing && !edited
      ? repair.billing
      : evaluateRepair({
          work: {
            receivedOn: repair.receivedOn,
            labourMinutes: labour,
            restoreMinutes: restore,
            transport,
            labourLoggedAt: labour !== repair.labourMinutes ? now : repair.labourLoggedAt,
            restoreLoggedAt: restore !== repair.restoreMinutes ? now : repair.restoreLoggedAt,
            reviewReason: repair.reviewReason,
            partsUsed,
            transportNetCents: Number.isNaN(transportNetCents) ? repair.transportNetCents : transportNetCents,
          },
          device: repair.device,
          contracts: repair.contracts,
          bank: repair.hourBank,
          now,
          calendar,
          policy: policyOn(policies, repair.receivedOn),
        });
  const confirmed = repair.billing !== null && !edited;
  const extras = 'extras' in figures ? figures.extras : undefined;
  const update = useHostAction('repairs.update');
  const advance = useHostAction('repairs.advance');
  const run = async (action: Promise<{ ok: boolean }>) => {
    setError(null);
    if ((await action).ok) onChanged();
  };
  const confirm = async (action: Promise<string | null>) => {
    const refused = await action;
    setError(refused);
    if (!refused) onChanged();
  };
  return (
    <li className="card" aria-label={`Riparazione ${repair.device.serial}`}>
      <header className="panel-header">
        <div>
          <strong>
            {repair.device.model} · {repair.device.serial}
          </strong>
          <p className="muted">
            {repair.customerName} · ricevuto il {formatDay(repair.receivedOn)} · {repair.reportedDefect}
          </p>
        </div>
        <div className="badges">
          <Badge tone={repair.warrantyCovered ? 'success' : 'neutral'}>
            {repair.warrantyCovered
              ? `In garanzia (fino al ${formatDay(addDays(repair.warrantyExpiresOn, -1))})`
              : `Fuori garanzia dal ${formatDay(repair.warrantyExpiresOn)}`}
          </Badge>
          <Badge tone="info">{repairStatusLabels[repair.status]}</Badge>
        </div>
      </header>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">Diagnosi</span>
          <textarea
            rows={2}
            disabled={closed}
            value={diagnosis}
            onChange={(e) => setDiagnosis(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Note sui ricambi</span>
          <input disabled={closed} value={parts} onChange={(e) => setParts(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Manodopera (minuti)</span>
          <input
            type="number"
            min={0}
            disabled={closed}
            value={labour}
            onChange={(e) => setLabour(Math.max(0, Number(e.target.value)))}
          />
        </label>
        <label className="field">
          <span className="field-label">Ripristino sistema operativo e software (minuti)</span>
          <input
            type="number"
            min={0}
            disabled={closed}
            value={restore}
            onChange={(e) => setRestore(Math.max(0, Number(e.target.value)))}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            disabled={closed}
            checked={transport}
            onChange={(e) => setTransport(e.target.checked)}
          />{' '}
          Trasporto tra cliente e fornitore
        </label>
        {lead && transport ? (
          <>
            <label className="field">
              <span className="field-label">Prezzo del trasporto (€, netto; vuoto: tariffa fissa)</span>
              <input inputMode="decimal" disabled={closed} value={transportPrice} onChange={(e) => setTransportPrice(e.target.value)} />
            </label>
            {transportNetCents !== null && Number.isNaN(transportNetCents) ? <Notice tone="error">Prezzo del trasporto non valido: scrivi per esempio 40,00.</Notice> : null}
            {transportPriced ? (
              <label className="field">
                <span className="field-label">Motivo del prezzo del trasporto</span>
                <input disabled={closed} value={transportReason} onChange={(e) => setTransportReason(e.target.value)} />
              </label>
            ) : null}
          </>
        ) : null}
      </div>
      <PartsEditor parts={partsUsed} disabled={closed} onChange={setPartsUsed} covered={repair.warrantyCovered} />
      <ul className="plain-list" aria-label="Addebiti della riparazione">
        <li>
          Riparazione: {tierLabels[figures.labour.tier]} · {formatMinutes(figures.labour.minutes)}
        </li>
        <li>
          Ripristino di sistema e software (escluso dalla garanzia): {tierLabels[figures.restore.tier]} ·{' '}
          {formatMinutes(figures.restore.minutes)}
        </li>
        <li data-testid="repair-charge">
          {confirmed ? 'Addebito confermato dal server' : 'Stima (il server conferma l’addebito quando la riparazione è pronta)'}:{' '}
          {formatMinutes(figures.billedMinutes)} fatturati · totale {formatEuroCents(figures.grossCents)}
          {figures.allocation.length > 0
            ? ` · ${figures.allocation.map((part) => `${allocationSourceLabels[part.source]}: ${formatMinutes(part.minutes)}`).join(' · ')}`
            : ''}
        </li>
        <li>
          Trasporto (escluso dalla garanzia):{' '}
          {extras?.transport.billable ? `${formatEuroCents(extras.transport.grossCents)} IVA inclusa${transportNetCents === null ? ' (tariffa fissa)' : ''}` : 'non previsto'}
        </li>
        <li>
          Ricambi:{' '}
          {partsUsed.length === 0 ? 'nessuno' : extras?.parts.covered ? 'coperti dalla garanzia' : `${formatEuroCents(extras?.parts.grossCents ?? 0)} IVA inclusa`}
        </li>
      </ul>
      {repair.reviewReason || repair.device.warrantyReview ? (
        <Notice tone="info">
          {repair.reviewReason ?? repair.device.warrantyReview} Finché non è confermata, la riparazione è stimata e addebitata come fuori garanzia.
        </Notice>
      ) : null}
      {lead && (repair.reviewReason || repair.device.warrantyReview) ? (
        <div className="actions">
          {repair.device.warrantyReview ? <ConfirmWarranty device={repair.device} onConfirmed={onChanged} /> : null}
          {repair.reviewReason ? (
            <button type="button" onClick={() => void confirm(executeCommand('repair.approveReceipt', { repairId: repair.id, deviceId: repair.device.id }))}>
              Conferma la data di ricevimento
            </button>
          ) : null}
        </div>
      ) : null}
      {(error ?? update.error ?? advance.error) ? <Notice tone="error">{error ?? update.error ?? advance.error}</Notice> : null}
      {!closed ? (
        <div className="actions">
          <button
            type="button"
            onClick={() =>
              void run(
                update.run({
                  repairId: repair.id,
                  changes: {
                    diagnosis,
                    parts,
                    labourMinutes: labour,
                    restoreMinutes: restore,
                    transport,
                    ...(partsEdited ? { partsUsed } : {}),
                    ...(transportPriced && !Number.isNaN(transportNetCents) ? { transportNetCents } : {}),
                  },
                  ...(transportPriced && transportReason.trim() ? { reason: transportReason.trim() } : {}),
                }),
              )
            }
          >
            Salva
          </button>
          {nextRepairStatuses(repair.status).map((status) => (
            <button
              key={status}
              type="button"
              onClick={() => void run(advance.run({ repairId: repair.id, status }))}
            >
              {status === 'rejected' ? 'Rifiuta' : `Passa a «${repairStatusLabels[status]}»`}
            </button>
          ))}
        </div>
      ) : null}
    </li>
  );
};

/** Hardware repairs: intake by serial with the warranty verdict at once, then the workflow. */
export const RepairsDialog = ({ open, onClose }: { open: boolean; onClose: () => void }) => (
  <Dialog title="Riparazioni hardware" open={open} onClose={onClose}>
    <RepairsBody />
  </Dialog>
);

const RepairsBody = () => {
  const { data, reload } = useHostQuery('repairs.list', { open: true });
  const repairs = data ?? [];
  return (
    <>
      <NewRepair onCreated={reload} />
      <h3>Riparazioni in corso</h3>
      {repairs.length === 0 ? <p className="muted">Nessuna riparazione in corso.</p> : null}
      <ul className="plain-list repairs">
        {repairs.map((repair) => (
          <RepairItem key={`${repair.id}:${repair.updatedAt}`} repair={repair} onChanged={reload} />
        ))}
      </ul>
    </>
  );
};


/** The spare parts fitted: description, quantity and net unit price, one row each. */
const PartsEditor = ({ parts, disabled, covered, onChange }: { parts: RepairPart[]; disabled: boolean; covered: boolean; onChange: (parts: RepairPart[]) => void }) => {
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const unitCents = parseEuroCents(price);
  const count = Number(quantity);
  const valid = description.trim() !== '' && Number.isInteger(count) && count >= 1 && count <= 999 && unitCents !== null;
  return (
    <section aria-label="Ricambi" className="form-grid">
      <h4>Ricambi {covered ? '(coperti dalla garanzia)' : '(a pagamento)'}</h4>
      {parts.length > 0 ? (
        <ul className="plain-list" aria-label="Ricambi montati">
          {parts.map((part) => (
            <li key={part.id}>
              {part.description} × {part.quantity} · {formatEuroCents(part.unitCents)} cad. + IVA{' '}
              {!disabled ? (
                <button type="button" className="link-button" aria-label={`Togli ${part.description}`} onClick={() => onChange(parts.filter((item) => item.id !== part.id))}>
                  togli
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!disabled ? (
        <div className="actions">
          <label className="field">
            <span className="field-label">Ricambio</span>
            <input value={description} maxLength={120} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Quantità</span>
            <input type="number" min={1} max={999} value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Prezzo unitario (€, netto)</span>
            <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </label>
          <button
            type="button"
            disabled={!valid}
            onClick={() => {
              if (unitCents !== null) onChange([...parts, { id: newId(), description: description.trim(), quantity: count, unitCents }]);
              setDescription('');
              setQuantity('1');
              setPrice('');
            }}
          >
            Aggiungi ricambio
          </button>
        </div>
      ) : null}
      {price.trim() !== '' && unitCents === null ? <Notice tone="error">Prezzo non valido: scrivi per esempio 12,50.</Notice> : null}
    </section>
  );
};
