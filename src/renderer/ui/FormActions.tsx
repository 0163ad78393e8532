/** A dialog form's buttons: the action (submits the form), then «Annulla». */
export const FormActions = ({ submitLabel, onCancel, disabled = false }: { submitLabel: string; onCancel: () => void; disabled?: boolean }) => (
  <div className="actions">
    <button type="submit" className="primary" disabled={disabled}>
      {submitLabel}
    </button>
    <button type="button" onClick={onCancel}>
      Annulla
    </button>
  </div>
);
