import { useId } from 'react';

export interface RangeFieldProps {
  readonly label: string;
  readonly value: number;
  onChange(value: number): void;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** Shown after the number: "%", "°". */
  readonly unit: string;
  readonly hint?: string;
  readonly testId: string;
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/**
 * A slider with a number box beside it: drag for a feel of it, type for an exact value. Both are
 * labelled controls of the same value; every change is reported (the preview coalesces them).
 */
export function RangeField({ label, value, onChange, min, max, step = 1, unit, hint, testId }: RangeFieldProps) {
  const id = useId();
  const hintId = useId();
  const shown = Math.round(value / step) * step;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="range-field">
        <input
          id={id}
          type="range"
          className="range-field__slider"
          min={min}
          max={max}
          step={step}
          value={value}
          onChange={(e) => onChange(Number(e.target.value))}
          aria-valuetext={`${shown}${unit === '%' || unit === '°' ? unit : ` ${unit}`}`}
          aria-describedby={hint ? hintId : undefined}
          data-testid={testId}
        />
        <input
          type="number"
          className="input input--compact range-field__number"
          min={min}
          max={max}
          step={step}
          value={shown}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(n)) onChange(clamp(n, min, max));
          }}
          aria-label={`${label} (${unit})`}
          data-testid={`${testId}-number`}
        />
        <span className="range-field__unit" aria-hidden="true">
          {unit}
        </span>
      </div>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
