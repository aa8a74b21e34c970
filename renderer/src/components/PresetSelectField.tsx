import { useId } from 'react';

interface PresetSelectFieldProps {
  label: string;
  /** The chosen preset's id; '' for the empty choice. */
  value: string;
  presets: readonly { id: string; name: string }[];
  onChange: (id: string) => void;
  /** Offers "" under this label (e.g. "No watermark"). */
  emptyLabel?: string;
  /** Shown for a value the list does not hold (not loaded yet, or a preset deleted since). */
  unknownLabel?: (value: string) => string;
  error?: string;
  hint?: string;
  testId: string;
}

/** A labelled choice of rendition or watermark preset, as the export and share forms offer it. */
export function PresetSelectField({ label, value, presets, onChange, emptyLabel, unknownLabel, error, hint, testId }: PresetSelectFieldProps) {
  const id = useId();
  const known = (value === '' && emptyLabel !== undefined) || presets.some((p) => p.id === value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} data-testid={testId}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {known ? null : <option value={value}>{unknownLabel ? unknownLabel(value) : value}</option>}
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {error ? <p className="field__error">{error}</p> : null}
      {hint ? <p className="field__hint">{hint}</p> : null}
    </div>
  );
}
