import { useId, type ReactNode } from 'react';

export interface TextInputFieldProps {
  readonly label: string;
  readonly value: string;
  onChange(value: string): void;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'url' | 'email';
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly monospace?: boolean;
  readonly autoFocus?: boolean;
  readonly testId: string;
}

/** A labelled text field with its hint and its own error message, tied together for screen readers. */
export function TextInputField({ label, value, onChange, error, hint, multiline = false, type = 'text', maxLength, placeholder, monospace = false, autoFocus, testId }: TextInputFieldProps) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    className: `input${multiline ? ' input--multiline' : ''}${monospace ? ' input--mono' : ''}`,
    value,
    maxLength,
    placeholder,
    autoFocus,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': testId,
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea rows={3} {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input type={type} spellCheck={type === 'text'} {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {error ? (
        <p id={errorId} className="field__error" data-testid="field-error" data-field={testId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
