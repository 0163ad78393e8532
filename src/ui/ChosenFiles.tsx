/** Files picked for a message and not yet sent, each removable: the portal's and the console's composers alike. */
export const ChosenFiles = ({ files, label, onRemove }: { files: readonly File[]; label: string; onRemove: (index: number) => void }) =>
  files.length === 0 ? null : (
    <ul className="plain-list" aria-label={label}>
      {files.map((file, index) => (
        <li key={`${file.name}-${index}`}>
          {file.name}{' '}
          <button type="button" className="link-button" onClick={() => onRemove(index)}>
            Togli {file.name}
          </button>
        </li>
      ))}
    </ul>
  );
