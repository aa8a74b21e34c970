import { useId, useRef } from 'react';
import { WATERMARK_TEXT_MAX } from '../../../shared/api/imaging-schemas';
import { WATERMARK_VARIABLES } from '../lib/imaging-labels';
import { insertAt } from '../lib/watermark-form';

export interface WatermarkTextFieldProps {
  readonly value: string;
  onChange(value: string): void;
  readonly error?: string | undefined;
}

/** The mark's text, with buttons that insert a variable where the caret is. */
export function WatermarkTextField({ value, onChange, error }: WatermarkTextFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const errorId = useId();
  const hintId = useId();

  function insert(variable: string) {
    const input = inputRef.current;
    const next = insertAt(value, `{${variable}}`, input?.selectionStart ?? null, input?.selectionEnd ?? null);
    onChange(next.text);
    // Back to typing, after the inserted variable.
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(next.caret, next.caret);
    });
  }

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Text
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        value={value}
        maxLength={WATERMARK_TEXT_MAX}
        placeholder="© {shop}"
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${error ? `${errorId} ` : ''}${hintId}`}
        data-testid="watermark-text"
      />
      {error ? (
        <p id={errorId} className="field__error" data-testid="field-error" data-field="watermark-text">
          {error}
        </p>
      ) : null}
      <div className="variable-chips" role="group" aria-label="Insert a variable into the text">
        {WATERMARK_VARIABLES.map((v) => (
          <button
            key={v.name}
            type="button"
            className="variable-chip"
            title={v.hint}
            aria-label={`Insert {${v.name}}: ${v.hint}`}
            onClick={() => insert(v.name)}
            data-testid="watermark-variable"
            data-variable={v.name}
          >
            {`{${v.name}}`}
          </button>
        ))}
      </div>
      <p id={hintId} className="field__hint">
        {'{shop}'} your shop’s name, {'{date}'} the day of the export; {'{recipient}'} and {'{shareId}'} are for share links and empty in exports. Leave the text empty for a logo-only mark.
      </p>
    </div>
  );
}
