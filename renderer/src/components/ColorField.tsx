import { useEffect, useId, useState } from 'react';

export interface ColorFieldProps {
  readonly label: string;
  /** #rrggbb */
  readonly value: string;
  onChange(value: string): void;
  readonly error?: string | undefined;
  readonly testId: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;
const SWATCHES = [
  { value: '#ffffff', name: 'White' },
  { value: '#000000', name: 'Black' },
  { value: '#808080', name: 'Grey' },
];

/** The system colour picker, a hex box for exact values, and the usual choices one click away. */
export function ColorField({ label, value, onChange, error, testId }: ColorFieldProps) {
  const id = useId();
  const errorId = useId();
  // The hex box may hold a half-typed value; only a complete colour is passed on.
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <fieldset className="field field--plain">
      <legend className="field__label">{label}</legend>
      <div className="color-field">
        <input type="color" className="color-field__picker" value={value} onChange={(e) => onChange(e.target.value)} aria-label={`${label}: picker`} data-testid={testId} />
        <input
          id={id}
          className="input input--compact input--mono color-field__hex"
          value={text}
          maxLength={7}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            if (HEX.test(e.target.value)) onChange(e.target.value.toLowerCase());
          }}
          aria-label={`${label}: hex code`}
          aria-invalid={error || !HEX.test(text) ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={`${testId}-hex`}
        />
        {SWATCHES.map((s) => (
          <button
            key={s.value}
            type="button"
            className="color-field__swatch"
            style={{ background: s.value }}
            aria-label={s.name}
            aria-pressed={value === s.value}
            onClick={() => onChange(s.value)}
          />
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
