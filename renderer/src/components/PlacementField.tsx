import { useId, useRef } from 'react';
import { POSITION_LABELS, POSITION_ORDER, type WatermarkPosition } from '../lib/imaging-labels';
import type { WatermarkPlacement } from '../lib/preset-types';
import { placementFor } from '../lib/watermark-form';
import { ChoiceGroup } from './ChoiceGroup';
import { RangeField } from './RangeField';

const MODE_LABELS = { position: 'One place', tiled: 'Tiled across' } as const;
const MODES = ['position', 'tiled'] as const;

export interface PlacementFieldProps {
  readonly value: WatermarkPlacement;
  onChange(value: WatermarkPlacement): void;
}

/**
 * Where the mark goes: one of nine places (a 3×3 grid of radios, so arrow keys move between them) with
 * a margin, or tiled over the whole image with spacing. Values of the mode left are remembered for
 * switching back.
 */
export function PlacementField({ value, onChange }: PlacementFieldProps) {
  const name = useId();
  const remembered = useRef<{ position?: WatermarkPosition; marginPercent?: number; spacingPercent?: number }>({});

  function switchMode(mode: WatermarkPlacement['mode']) {
    if (value.mode === 'position') Object.assign(remembered.current, { position: value.position, marginPercent: value.marginPercent });
    else remembered.current.spacingPercent = value.spacingPercent;
    onChange(placementFor(mode, value, remembered.current));
  }

  return (
    <div className="stack stack--tight">
      <ChoiceGroup legend="Placement" value={value.mode} options={MODES} labels={MODE_LABELS} onChange={switchMode} testId="watermark-placement" />
      {value.mode === 'position' ? (
        <>
          <fieldset className="field field--plain">
            <legend className="field__label">Position</legend>
            <div className="position-grid" data-testid="watermark-position-grid">
              {POSITION_ORDER.map((position) => (
                <label key={position} className={`position-grid__cell${value.position === position ? ' position-grid__cell--checked' : ''}`} title={POSITION_LABELS[position]}>
                  <input
                    type="radio"
                    className="visually-hidden"
                    name={name}
                    value={position}
                    checked={value.position === position}
                    onChange={() => onChange({ ...value, position })}
                    aria-label={POSITION_LABELS[position]}
                    data-testid={`watermark-position-${position}`}
                  />
                  <span className="position-grid__dot" aria-hidden="true" />
                </label>
              ))}
            </div>
          </fieldset>
          <RangeField
            label="Margin"
            value={value.marginPercent}
            min={0}
            max={25}
            step={0.5}
            unit="%"
            hint="Of the image’s short edge."
            onChange={(marginPercent) => onChange({ ...value, marginPercent })}
            testId="watermark-margin"
          />
        </>
      ) : (
        <RangeField
          label="Spacing"
          value={value.spacingPercent}
          min={0}
          max={100}
          unit="%"
          hint="Gap between marks, of the image’s short edge."
          onChange={(spacingPercent) => onChange({ ...value, spacingPercent })}
          testId="watermark-spacing"
        />
      )}
    </div>
  );
}
