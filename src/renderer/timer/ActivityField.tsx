import { activityCatalog, activityCodes, isActivityCode, type ActivityCode } from '../../shared/domain/index.ts';

/** The activity of an intervention, from the shared catalogue (its scope decides the coverage). */
export const ActivityField = ({ value, onChange }: { value: string; onChange: (activity: ActivityCode) => void }) => (
  <label className="field">
    <span className="field-label">Attività</span>
    <select
      value={value}
      onChange={(event) => {
        if (isActivityCode(event.target.value)) onChange(event.target.value);
      }}
    >
      {activityCodes.map((code) => (
        <option key={code} value={code}>
          {activityCatalog[code].label}
        </option>
      ))}
    </select>
  </label>
);
