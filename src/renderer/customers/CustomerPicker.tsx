import { useState } from 'react';
import type { HostResponse } from '../../shared/host-api/contract.ts';
import { useCustomerSearch } from '../host/use-host.ts';

export type CustomerHit = HostResponse<'customers.search'>[number];

/**
 * Finds a customer by name, code, phone or VAT number and lets the user pick one: the one search
 * box of the ticket filter, the intake and the repairs. The newest answer wins (a slow answer to
 * an earlier prefix never replaces the list for what is typed now).
 */
export const CustomerPicker = ({
  chosen,
  onChoose,
  label = 'Cliente',
  listLabel,
  placeholder = 'Nome, codice, telefono, partita IVA…',
  changeLabel = 'cambia',
  showDetails = true,
}: {
  chosen: CustomerHit | null;
  onChoose: (customer: CustomerHit | null) => void;
  label?: string;
  /** How the list of matches is named (for screen readers and tests). */
  listLabel: string;
  placeholder?: string;
  changeLabel?: string;
  /** Code, city and phone beside each name. */
  showDetails?: boolean;
}) => {
  const [query, setQuery] = useState('');
  const hits = useCustomerSearch(chosen ? '' : query);
  if (chosen)
    return (
      <p>
        {label}: <strong>{chosen.name}</strong>{' '}
        <button
          type="button"
          className="link-button accent"
          onClick={() => {
            setQuery('');
            onChoose(null);
          }}
        >
          {changeLabel}
        </button>
      </p>
    );
  return (
    <>
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          type="search"
          value={query}
          placeholder={placeholder}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {hits.length > 0 ? (
        <ul className="choices" aria-label={listLabel}>
          {hits.map((hit) => (
            <li key={hit.id}>
              <button type="button" onClick={() => onChoose(hit)}>
                {hit.name}
                {showDetails ? (
                  <>
                    {' '}
                    <span className="muted">
                      {[hit.code, hit.city, hit.phone].filter(Boolean).join(' · ')}
                    </span>
                  </>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
};
