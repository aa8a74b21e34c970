import { LEGIBILITY_LABELS, LEGIBILITY_ORDER } from '../lib/imaging-labels';
import { hasUnsavedChanges, useDesigner } from '../stores/designer-store';
import { ChoiceGroup } from './ChoiceGroup';
import { ColorField } from './ColorField';
import { LogoField } from './LogoField';
import { PlacementField } from './PlacementField';
import { RangeField } from './RangeField';
import { TextInputField } from './TextInputField';
import { WatermarkEditorActions } from './WatermarkEditorActions';
import { WatermarkTextField } from './WatermarkTextField';

/** The fields of the watermark being designed; every change goes to the store, which re-renders the preview. */
export function WatermarkEditor() {
  const form = useDesigner((s) => s.form);
  const errors = useDesigner((s) => s.fieldErrors);
  const unsaved = useDesigner(hasUnsavedChanges);
  const isNew = useDesigner((s) => s.presetId === null);
  const change = useDesigner((s) => s.change);
  if (form === null) return <div className="designer__editor" aria-busy="true" />;

  return (
    <form
      className="designer__editor"
      aria-label="Watermark settings"
      onSubmit={(e) => {
        e.preventDefault();
        void useDesigner.getState().save();
      }}
    >
      <div className="designer__fields">
        <TextInputField label="Preset name" value={form.name} maxLength={100} onChange={(name) => change({ name })} error={errors.name} testId="watermark-name" />
        {unsaved ? (
          <p className="designer__unsaved" data-testid="watermark-unsaved">
            {isNew ? 'New preset, not saved yet' : 'Unsaved changes'}
          </p>
        ) : null}
        <WatermarkTextField value={form.text} onChange={(text) => change({ text })} error={errors.text} />
        <LogoField />
        <RangeField label="Size" value={form.sizePercent} min={1} max={100} unit="%" hint="Of the image’s width, so a thumbnail and a large rendition look alike." onChange={(sizePercent) => change({ sizePercent })} testId="watermark-size" />
        <ColorField label="Colour" value={form.color} onChange={(color) => change({ color })} error={errors.color} testId="watermark-color" />
        <RangeField label="Opacity" value={Math.round(form.opacity * 100)} min={0} max={100} unit="%" onChange={(percent) => change({ opacity: percent / 100 })} testId="watermark-opacity" />
        <RangeField label="Rotation" value={form.rotation} min={-180} max={180} unit="°" onChange={(rotation) => change({ rotation })} testId="watermark-rotation" />
        <PlacementField value={form.placement} onChange={(placement) => change({ placement })} />
        <ChoiceGroup legend="Legibility" value={form.legibility} options={LEGIBILITY_ORDER} labels={LEGIBILITY_LABELS} onChange={(legibility) => change({ legibility })} testId="watermark-legibility" />
        <p className="field__hint">An outline or shadow in a contrasting colour keeps the mark readable on light and dark photos.</p>
      </div>
      <WatermarkEditorActions />
    </form>
  );
}
