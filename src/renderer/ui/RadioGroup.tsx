/** A labelled set of radio buttons over a closed list of values with their Italian labels. */
export const RadioGroup = <T extends string>({
  legend,
  name,
  values,
  labels,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  values: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) => (
  <fieldset>
    <legend>{legend}</legend>
    {values.map((option) => (
      <label key={option} className="radio">
        <input
          type="radio"
          name={name}
          value={option}
          checked={value === option}
          onChange={() => onChange(option)}
        />
        {labels[option]}
      </label>
    ))}
  </fieldset>
);
