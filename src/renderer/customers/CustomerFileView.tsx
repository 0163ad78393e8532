import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { romeDay } from '../../shared/domain/index.ts';
import { repairStatusLabels } from '../../shared/domain/repairs.ts';
import { formatDateTime, formatDay } from '../../shared/format.ts';
import { newId } from '../../shared/ids.ts';
import { normalizeFiscalCode, normalizeVatNumber } from '../../shared/import/italian-identifiers.ts';
import type { CustomerFile } from '../../shared/model/customer-directory.ts';
import type { Customer } from '../../shared/model/ticket.schema.ts';
import { Notice } from '../../ui/Notice.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { executeCommand } from '../host/execute-command.ts';
import { useHostQuery } from '../host/use-host.ts';
import { AuditTrail } from '../tickets/AuditTrail.tsx';
import { ContractsSection } from '../tickets/ContractsSection.tsx';
import { CustomerPortalAdmin } from '../tickets/CustomerPortalAdmin.tsx';
import { StatusBadge } from '../tickets/ticket-badges.tsx';
import { useTicketsStore } from '../tickets/tickets.store.ts';
import { DeviceList, HourBankSection, MasterData } from './CustomerSections.tsx';
import { useCustomersStore } from './customers.store.ts';
import { PersonalDataExport } from './PersonalDataActions.tsx';
import { useSyncStore } from '../sync/sync.store.ts';

const tabs = ['anagrafica', 'contratti', 'dispositivi', 'monte-ore', 'portale', 'storico'] as const;
type Tab = (typeof tabs)[number];
const tabLabels = {
  anagrafica: 'Anagrafica',
  contratti: 'Contratti',
  dispositivi: 'Dispositivi',
  'monte-ore': 'Monte ore',
  portale: 'Portale e J2K',
  storico: 'Storico',
} as const satisfies Record<Tab, string>;

/** The open customer's card, in tabs; the portal's administration only for leads (it lives on the API). */
export const CustomerFileView = ({ lead }: { lead: boolean }) => {
  const { file, fileError, selectedId, refreshFile, load } = useCustomersStore(
    useShallow((state) => ({
      file: state.file,
      fileError: state.fileError,
      selectedId: state.selectedId,
      refreshFile: state.refreshFile,
      load: state.load,
    })),
  );
  const [tab, setTab] = useState<Tab>('anagrafica');
  if (!selectedId)
    return (
      <section className="panel empty-state">Scegli un cliente dall’elenco per vederne la scheda.</section>
    );
  if (fileError)
    return (
      <section className="panel">
        <Notice tone="error">{fileError}</Notice>
      </section>
    );
  if (!file) return <section className="panel muted">Caricamento…</section>;
  const changed = () => {
    void refreshFile();
    void load();
  };
  const shown = tabs.filter((value) => value !== 'portale' || lead);
  return (
    <article className="panel" aria-label={`Scheda cliente ${file.customer.name}`}>
      <header className="panel-header">
        <h2>
          {file.customer.name} <span className="muted">· {file.customer.code}</span>
        </h2>
      </header>
      <div role="tablist" aria-label="Sezioni della scheda" className="segmented">
        {shown.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`tab-${value}`}
            aria-selected={tab === value}
            aria-controls={`panel-${value}`}
            onClick={() => setTab(value)}
          >
            {tabLabels[value]}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'anagrafica' ? (
          <MasterDataTab key={file.customer.id} customer={file.customer} lead={lead} onChanged={changed} />
        ) : null}
        {tab === 'contratti' ? (
          <ContractsSection
            customerId={file.customer.id}
            contracts={file.contracts}
            lead={lead}
            onChanged={changed}
          />
        ) : null}
        {tab === 'dispositivi' ? (
          <>
            <DeviceList devices={file.devices} lead={lead} onChanged={changed} />
            {lead ? (
              <RegisterDeviceForm key={file.customer.id} customerId={file.customer.id} onChanged={changed} />
            ) : null}
          </>
        ) : null}
        {tab === 'monte-ore' ? (
          <HourBankSection
            customer={file.customer}
            hourBank={file.hourBank}
            lead={lead}
            onChanged={changed}
          />
        ) : null}
        {tab === 'portale' && lead ? <CustomerPortalAdmin customerId={file.customer.id} /> : null}
        {tab === 'storico' ? <HistoryTab file={file} /> : null}
      </section>
    </article>
  );
};

const nullable = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Master data, and for leads the form to correct it (the code stays: imports and J2K know the customer by it). */
const MasterDataTab = ({
  customer,
  lead,
  onChanged,
}: {
  customer: Customer;
  lead: boolean;
  onChanged: () => void;
}) => {
  const admin = useSyncStore((state) => state.status?.user?.role === 'admin');
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!editing)
    return (
      <>
        <MasterData customer={customer} full />
        {message ? <Notice tone="info">{message}</Notice> : null}
        {lead ? (
          <button type="button" onClick={() => setEditing(true)}>
            Modifica l’anagrafica
          </button>
        ) : null}
        {lead ? <AuditTrail record={{ entity: 'customer', id: customer.id }} /> : null}
        {admin ? <PersonalDataExport subject={{ customerId: customer.id }} label={customer.name} /> : null}
      </>
    );
  return (
    <MasterDataForm
      customer={customer}
      onCancel={() => setEditing(false)}
      onSaved={() => {
        setEditing(false);
        setMessage('Anagrafica salvata.');
        onChanged();
      }}
    />
  );
};

const MasterDataForm = ({
  customer,
  onCancel,
  onSaved,
}: {
  customer: Customer;
  onCancel: () => void;
  onSaved: () => void;
}) => {
  const [values, setValues] = useState({
    name: customer.name,
    vatNumber: customer.vatNumber ?? '',
    fiscalCode: customer.fiscalCode ?? '',
    address: customer.address ?? '',
    postalCode: customer.postalCode ?? '',
    city: customer.city ?? '',
    province: customer.province ?? '',
    phone: customer.phone ?? '',
    email: customer.email ?? '',
    notes: customer.notes ?? '',
    accountManagerId: customer.accountManagerId ?? '',
  });
  const users = useHostQuery('users.list', {});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const field = (key: keyof typeof values) => (value: string) =>
    setValues((current) => ({ ...current, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      name: values.name.trim(),
      // The same normalisation as the import's: «IT 0123…» and a number that lost its zeros are fine.
      vatNumber: values.vatNumber.trim() === '' ? null : normalizeVatNumber(values.vatNumber),
      fiscalCode: values.fiscalCode.trim() === '' ? null : normalizeFiscalCode(values.fiscalCode),
      address: nullable(values.address),
      postalCode: nullable(values.postalCode),
      city: nullable(values.city),
      province: nullable(values.province.toUpperCase()),
      phone: nullable(values.phone),
      email: nullable(values.email),
      notes: nullable(values.notes),
      accountManagerId: values.accountManagerId === '' ? null : values.accountManagerId,
    };
    const changes = Object.fromEntries(
      Object.entries(next).filter(([key, value]) => value !== customer[key as keyof typeof next]),
    );
    if (Object.keys(changes).length === 0) return onCancel();
    setSaving(true);
    const refused = await executeCommand('customer.update', { id: customer.id, changes });
    setSaving(false);
    if (refused) setError(refused);
    else onSaved();
  };
  return (
    <form aria-label="Anagrafica del cliente" onSubmit={(event) => void submit(event)}>
      <TextField
        label="Ragione sociale"
        value={values.name}
        onChange={field('name')}
        required
        maxLength={200}
      />
      <div className="choice-row">
        <TextField
          label="Partita IVA"
          value={values.vatNumber}
          onChange={field('vatNumber')}
          maxLength={20}
          inputMode="numeric"
        />
        <TextField
          label="Codice fiscale"
          value={values.fiscalCode}
          onChange={field('fiscalCode')}
          maxLength={16}
        />
      </div>
      <TextField label="Indirizzo" value={values.address} onChange={field('address')} maxLength={200} />
      <div className="choice-row">
        <TextField
          label="CAP"
          value={values.postalCode}
          onChange={field('postalCode')}
          maxLength={5}
          inputMode="numeric"
        />
        <TextField label="Comune" value={values.city} onChange={field('city')} maxLength={100} />
        <TextField label="Provincia" value={values.province} onChange={field('province')} maxLength={2} />
      </div>
      <div className="choice-row">
        <TextField
          label="Telefono"
          value={values.phone}
          onChange={field('phone')}
          maxLength={40}
          inputMode="tel"
        />
        <TextField
          label="E-mail"
          value={values.email}
          onChange={field('email')}
          maxLength={200}
          inputMode="email"
        />
      </div>
      <label className="field">
        <span className="field-label">Note</span>
        <textarea
          value={values.notes}
          maxLength={2000}
          rows={3}
          onChange={(event) => field('notes')(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">Account di riferimento</span>
        <select value={values.accountManagerId} onChange={(event) => field('accountManagerId')(event.target.value)}>
          <option value="">Nessuno</option>
          {users.data?.map((user) => (
            <option key={user.id} value={user.id}>
              {user.displayName}
            </option>
          ))}
        </select>
      </label>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Salva l’anagrafica
        </button>
        <button type="button" onClick={onCancel}>
          Annulla
        </button>
      </div>
    </form>
  );
};

/** A device the vendor sold, registered by a lead: their word on the warranty needs no confirmation. */
const RegisterDeviceForm = ({ customerId, onChanged }: { customerId: string; onChanged: () => void }) => {
  const [open, setOpen] = useState(false);
  const [serial, setSerial] = useState('');
  const [model, setModel] = useState('');
  const [purchaseDate, setPurchaseDate] = useState('');
  const [months, setMonths] = useState('24');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!open)
    return (
      <>
        {done ? <Notice tone="info">{done}</Notice> : null}
        <button type="button" onClick={() => setOpen(true)}>
          Registra un dispositivo
        </button>
      </>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const warrantyMonths = Number(months);
    if (!Number.isInteger(warrantyMonths) || warrantyMonths < 12 || warrantyMonths > 36)
      return setError('La garanzia va da 12 a 36 mesi.');
    const refused = await executeCommand('device.upsert', {
      id: newId(),
      customerId,
      serial: serial.trim().toUpperCase(),
      model: model.trim(),
      purchaseDate,
      warrantyMonths,
    });
    if (refused) return setError(refused);
    setDone(`Dispositivo ${serial.trim().toUpperCase()} registrato.`);
    setOpen(false);
    setSerial('');
    setModel('');
    setPurchaseDate('');
    setError(null);
    onChanged();
  };
  return (
    <form aria-label="Nuovo dispositivo" onSubmit={(event) => void submit(event)}>
      <div className="choice-row">
        <TextField label="Matricola" value={serial} onChange={setSerial} required maxLength={60} />
        <TextField label="Modello" value={model} onChange={setModel} required maxLength={120} />
      </div>
      <div className="choice-row">
        <label className="field">
          <span className="field-label">Data di acquisto</span>
          <input
            type="date"
            required
            max={romeDay(new Date())}
            value={purchaseDate}
            onChange={(event) => setPurchaseDate(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Mesi di garanzia (estensione inclusa)</span>
          <input
            type="number"
            required
            min={12}
            max={36}
            value={months}
            onChange={(event) => setMonths(event.target.value)}
          />
        </label>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary">
          Registra il dispositivo
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Annulla
        </button>
      </div>
    </form>
  );
};

/** The customer's tickets (newest first) and repairs; a ticket opens in the queue. */
const HistoryTab = ({ file }: { file: CustomerFile }) => {
  const navigate = useNavigate();
  const openTicket = useTicketsStore((state) => state.select);
  return (
    <>
      <h3>Ticket</h3>
      {file.tickets.length === 0 ? (
        <p className="muted">Nessun ticket.</p>
      ) : (
        <ul className="plain-list" aria-label="Ticket del cliente">
          {file.tickets.map((ticket) => (
            <li key={ticket.id}>
              <button
                type="button"
                className="link-button accent"
                onClick={() => {
                  void openTicket(ticket.id);
                  void navigate('/');
                }}
              >
                {ticket.number} · {ticket.subject}
              </button>{' '}
              <StatusBadge status={ticket.status} />{' '}
              <span className="muted">aperto il {formatDateTime(ticket.openedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {file.ticketsTotal > file.tickets.length ? (
        <p className="muted">
          I {file.tickets.length} più recenti di {file.ticketsTotal}.
        </p>
      ) : null}
      <h3>Telefonate</h3>
      {file.calls.length === 0 ? (
        <p className="muted">Nessuna telefonata registrata.</p>
      ) : (
        <ul className="plain-list" aria-label="Telefonate del cliente">
          {file.calls.map((call) => (
            <li key={call.id}>
              {formatDateTime(call.rangAt)} · {call.state === 'missed' ? 'persa' : call.state === 'ringing' ? 'squilla' : call.answeredBy ? `risposta da ${call.answeredBy}` : 'risposta'}
              {call.durationSeconds !== null ? ` · ${Math.floor(call.durationSeconds / 60)}:${String(call.durationSeconds % 60).padStart(2, '0')}` : ''}
              {call.line === 'weekend' ? ' · Numero weekend' : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>Riparazioni</h3>
      {file.repairs.length === 0 ? (
        <p className="muted">Nessuna riparazione.</p>
      ) : (
        <ul className="plain-list" aria-label="Riparazioni del cliente">
          {file.repairs.map((repair) => (
            <li key={repair.id}>
              {repair.model} · matricola {repair.serial} · ricevuto il {formatDay(repair.receivedOn)} ·{' '}
              {repairStatusLabels[repair.status]} — {repair.reportedDefect}
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
