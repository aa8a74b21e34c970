import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal question, on the native <dialog>: it traps focus, closes on Escape and is announced as a
 * dialog without any help. The safe choice (Cancel) has the initial focus.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      // React passes events up its own tree: without this, Escape here would also close a ModalDialog this question was asked from.
      onCancel={(event) => {
        event.stopPropagation();
        onCancel();
      }}
      data-testid="confirm-dialog"
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className={`button ${danger ? 'button--danger' : 'button--primary'}`} onClick={onConfirm} data-testid="confirm-dialog-confirm">
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
