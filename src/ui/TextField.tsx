import type { HTMLAttributes } from 'react';

/** A labelled one-line text input: the form field the console uses everywhere. */
export const TextField = ({
  label,
  value,
  onChange,
  required = false,
  maxLength,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  maxLength?: number;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
}) => (
  <label className="field">
    <span className="field-label">{label}</span>
    <input
      value={value}
      required={required}
      {...(maxLength !== undefined ? { maxLength } : {})}
      {...(inputMode !== undefined ? { inputMode } : {})}
      onChange={(event) => onChange(event.target.value)}
    />
  </label>
);
