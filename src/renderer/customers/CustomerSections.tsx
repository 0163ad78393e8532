import { useHostQuery } from '../host/use-host.ts';
import type { ReactNode } from 'react';
import { romeDay } from '../../shared/domain/index.ts';
import { formatDay, formatMinutes, formatValidUntil } from '../../shared/format.ts';
import type { HourBankView } from '../../shared/model/billing.schema.ts';
import { billingPreferenceLabels } from '../../shared/model/enums.ts';
import type { Customer, Device } from '../../shared/model/ticket.schema.ts';
import { ConfirmWarranty, WarrantyVerdict } from '../repairs/WarrantyVerdict.tsx';
import { EditDeviceForm } from '../tickets/EditDeviceForm.tsx';
import { HourBankAdmin } from '../tickets/HourBankAdmin.tsx';

/**
 * The parts of a customer's card, shown on a ticket and in «Clienti»: the same words and the same
 * administration wherever a lead meets the customer.
 */
export const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="field-row">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

const addressOf = (customer: Customer): string | null => {
  const place = [customer.postalCode, customer.city, customer.province ? `(${customer.province})` : null]
    .filter(Boolean)
    .join(' ');
  const parts = [customer.address, place].filter((part) => part && part.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : null;
};

/** The colleague the customer writes to about packages: named from the accounts this console knows. */
const AccountManagerField = ({ id }: { id: string | null }) => {
  const users = useHostQuery('users.list', id ? {} : null);
  const name = id ? (users.data?.find((user) => user.id === id)?.displayName ?? 'collega non più attivo') : 'nessuno';
  return <Field label="Account di riferimento">{name}</Field>;
};

export const MasterData = ({ customer, full = false }: { customer: Customer; full?: boolean }) => (
  <dl className="fields">
    <Field label="Ragione sociale">{customer.name}</Field>
    <Field label="Codice">{customer.code}</Field>
    {full ? <Field label="Partita IVA">{customer.vatNumber ?? '—'}</Field> : null}
    {full ? <Field label="Codice fiscale">{customer.fiscalCode ?? '—'}</Field> : null}
    {full ? (
      <Field label="Indirizzo">{addressOf(customer) ?? '—'}</Field>
    ) : (
      <Field label="Città">{customer.city ?? '—'}</Field>
    )}
    <Field label="Telefono">{customer.phone ?? '—'}</Field>
    <Field label="E-mail">{customer.email ?? '—'}</Field>
    {full ? <Field label="Note">{customer.notes ?? '—'}</Field> : null}
    <AccountManagerField id={customer.accountManagerId} />
  </dl>
);

export const HourBankSection = ({
  customer,
  hourBank,
  lead,
  onChanged,
}: {
  customer: Customer;
  hourBank: HourBankView;
  lead: boolean;
  onChanged: () => void;
}) => (
  <>
    <ul className="plain-list" aria-label="Monte ore">
      <li>Ore gratuite residue: {formatMinutes(hourBank.freeMinutes)}</li>
      {hourBank.packages.map((item) => (
        <li key={item.id}>
          Pacchetto del {formatDay(item.purchasedOn)}: {formatMinutes(item.remainingMinutes)} su{' '}
          {formatMinutes(item.totalMinutes)}
          {item.expiresOn ? `, valido ${formatValidUntil(item.expiresOn)}` : ''}
        </li>
      ))}
    </ul>
    <p aria-label="Preferenza del cliente">
      A ore esaurite il cliente preferisce:{' '}
      <strong>
        {customer.billingPreference
          ? billingPreferenceLabels[customer.billingPreference]
          : 'non ha ancora scelto (portale clienti)'}
      </strong>
    </p>
    {lead ? <HourBankAdmin customerId={customer.id} hourBank={hourBank} onChanged={onChanged} /> : null}
  </>
);

export const DeviceList = ({
  devices,
  lead,
  onChanged,
}: {
  devices: Device[];
  lead: boolean;
  onChanged: () => void;
}) => {
  const today = romeDay(new Date());
  if (devices.length === 0) return <p className="muted">Nessun dispositivo registrato.</p>;
  return (
    <ul className="plain-list" aria-label="Dispositivi">
      {devices.map((device) => (
        <li key={device.id}>
          {device.model} · matricola {device.serial} · acquistato il {formatDay(device.purchaseDate)} ·{' '}
          <WarrantyVerdict device={device} on={today} />
          {lead && device.warrantyReview ? (
            <ConfirmWarranty device={device} onConfirmed={onChanged} />
          ) : null}{' '}
          {lead ? <EditDeviceForm device={device} onChanged={onChanged} /> : null}
        </li>
      ))}
    </ul>
  );
};
