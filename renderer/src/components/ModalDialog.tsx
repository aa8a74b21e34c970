import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface ModalDialogProps {
  readonly title: string;
  /** Extra class for size: `dialog--wide` (forms) or `dialog--screen` (a full screen over the library). */
  readonly className?: string;
  /** Escape, the close button, or the browser closing the dialog: the parent unmounts it, or asks first. */
  onRequestClose(): void;
  /** Next to the title (tabs). */
  readonly headerExtra?: ReactNode;
  readonly footer?: ReactNode;
  readonly children: ReactNode;
  readonly testId: string;
  readonly closeTestId?: string;
}

/**
 * A modal on the native <dialog>, like ConfirmDialog: it traps focus, makes the library behind it
 * inert and is announced as a dialog. It is open while mounted; closing is the parent's decision, so
 * unsaved work can be confirmed first. Toasts sit behind a modal, so dialogs show their errors inline.
 */
export function ModalDialog({ title, className, onRequestClose, headerExtra, footer, children, testId, closeTestId }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const mounted = useRef(true);
  const titleId = useId();
  const requestClose = useRef(onRequestClose);
  requestClose.current = onRequestClose;

  useEffect(() => {
    mounted.current = true;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      mounted.current = false;
      dialog?.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        requestClose.current();
      }}
      // Chromium may close a dialog without a cancelable cancel event (Escape twice with no click between):
      // keep the state in step with what is on screen. The event is queued, so it may arrive after a
      // remount (StrictMode) has opened the dialog again: only a dialog still closed counts.
      onClose={(event) => {
        if (mounted.current && !event.currentTarget.open) requestClose.current();
      }}
      data-testid={testId}
    >
      <div className="dialog__layout">
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {headerExtra}
          <button type="button" className="icon-button dialog__close" aria-label={`Close ${title}`} onClick={() => requestClose.current()} data-testid={closeTestId}>
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog__content">{children}</div>
        {footer ? <footer className="dialog__footer">{footer}</footer> : null}
      </div>
    </dialog>
  );
}
