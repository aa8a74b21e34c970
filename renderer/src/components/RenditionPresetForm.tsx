import { useId } from 'react';
import { MAX_RENDITION_EDGE } from '../../../shared/api/imaging-schemas';
import type { FieldErrors } from '../lib/field-errors';
import { BOX_FIT_LABELS, BOX_FIT_ORDER, RENDITION_FORMAT_LABELS, RENDITION_FORMAT_ORDER, type BoxFit, type RenditionFormat } from '../lib/imaging-labels';
import { sizeFor, type RenditionForm } from '../lib/rendition-form';
import { ChoiceGroup } from './ChoiceGroup';
import { ColorField } from './ColorField';
import { RangeField } from './RangeField';
import { TextInputField } from './TextInputField';

const SIZE_MODE_LABELS = { 'long-edge': 'Long edge', box: 'Exact box' } as const;
const SIZE_MODES = ['long-edge', 'box'] as const;

function PixelField({ label, value, onChange, error, testId }: { label: string; value: number; onChange(v: number): void; error?: string | undefined; testId: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="row">
        <input
          id={id}
          type="number"
          className="input input--compact pixel-input"
          min={16}
          max={MAX_RENDITION_EDGE}
          step={1}
          value={Number.isFinite(value) ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
          aria-invalid={error ? true : undefined}
          data-testid={testId}
        />
        <span className="muted">px</span>
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

export interface RenditionPresetFormProps {
  readonly form: RenditionForm;
  onChange(form: RenditionForm): void;
  readonly errors: FieldErrors;
}

/** The fields of one rendition preset: size (long edge, or a box with fit and background), format, quality, sharpening. */
export function RenditionPresetForm({ form, onChange, errors }: RenditionPresetFormProps) {
  const formatId = useId();
  const fitId = useId();
  const { size } = form;
  const set = (change: Partial<RenditionForm>) => onChange({ ...form, ...change });
  return (
    <div className="designer__fields">
      <TextInputField label="Preset name" value={form.name} maxLength={100} onChange={(name) => set({ name })} error={errors.name} testId="rendition-name" />
      <ChoiceGroup legend="Size" value={size.mode} options={SIZE_MODES} labels={SIZE_MODE_LABELS} onChange={(mode) => set({ size: sizeFor(mode, size) })} testId="rendition-size-mode" />
      {size.mode === 'long-edge' ? (
        <>
          <PixelField label="Long edge" value={size.longEdge} onChange={(longEdge) => set({ size: { ...size, longEdge } })} error={errors.longEdge} testId="rendition-long-edge" />
          <p className="field__hint">The longer side of the output. Images are never enlarged: {MAX_RENDITION_EDGE.toLocaleString()} px means the original’s size.</p>
        </>
      ) : (
        <>
          <div className="row row--fields">
            <PixelField label="Width" value={size.width} onChange={(width) => set({ size: { ...size, width } })} error={errors.width} testId="rendition-width" />
            <PixelField label="Height" value={size.height} onChange={(height) => set({ size: { ...size, height } })} error={errors.height} testId="rendition-height" />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={fitId}>
              Fit
            </label>
            <select id={fitId} className="select" value={size.fit} onChange={(e) => set({ size: { ...size, fit: e.target.value as BoxFit } })} data-testid="rendition-fit">
              {BOX_FIT_ORDER.map((fit) => (
                <option key={fit} value={fit}>
                  {BOX_FIT_LABELS[fit]}
                </option>
              ))}
            </select>
          </div>
          <ColorField label="Background" value={size.background} onChange={(background) => set({ size: { ...size, background } })} error={errors.background} testId="rendition-background" />
        </>
      )}
      <div className="field">
        <label className="field__label" htmlFor={formatId}>
          Format
        </label>
        <select id={formatId} className="select" value={form.format} onChange={(e) => set({ format: e.target.value as RenditionFormat })} data-testid="rendition-format">
          {RENDITION_FORMAT_ORDER.map((format) => (
            <option key={format} value={format}>
              {RENDITION_FORMAT_LABELS[format]}
            </option>
          ))}
        </select>
      </div>
      <RangeField
        label="Quality"
        value={form.quality}
        min={1}
        max={100}
        unit="%"
        hint={form.format === 'png' ? 'PNG is lossless: quality does not apply.' : 'Higher is sharper and larger; 80–90 suits most shops.'}
        onChange={(quality) => set({ quality })}
        testId="rendition-quality"
      />
      <label className="checkbox-row">
        <input type="checkbox" checked={form.sharpen} onChange={(e) => set({ sharpen: e.target.checked })} data-testid="rendition-sharpen" />
        Sharpen after reducing (restores the crispness a downscale loses)
      </label>
    </div>
  );
}
