import { useEffect, useRef, type ReactNode } from 'react';

/** A modal built on the native <dialog>: focus is trapped and Esc closes it, as everywhere else. */
export const Dialog = ({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) => {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-label={title} onClose={onClose} onCancel={onClose}>
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="link-button" aria-label="Chiudi" onClick={onClose}>
          ✕
        </button>
      </header>
      {open ? children : null}
    </dialog>
  );
};
