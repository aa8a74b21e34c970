import { useId } from 'react';

export interface ChoiceGroupProps<T extends string> {
  readonly legend: string;
  readonly value: T;
  readonly options: readonly T[];
  readonly labels: Readonly<Record<T, string>>;
  onChange(value: T): void;
  readonly testId: string;
}

/**
 * A row of mutually exclusive choices drawn as a segmented control. Native radios underneath: arrow
 * keys move the choice, the group is announced with its legend, and the focus ring shows on the segment.
 */
export function ChoiceGroup<T extends string>({ legend, value, options, labels, onChange, testId }: ChoiceGroupProps<T>) {
  const name = useId();
  return (
    <fieldset className="field field--plain">
      <legend className="field__label">{legend}</legend>
      <div className="segmented" data-testid={testId}>
        {options.map((option) => (
          <label key={option} className={`segmented__option${option === value ? ' segmented__option--checked' : ''}`}>
            <input type="radio" className="visually-hidden" name={name} value={option} checked={option === value} onChange={() => onChange(option)} data-testid={`${testId}-${option}`} />
            {labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
