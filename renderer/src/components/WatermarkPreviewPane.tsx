import { useEffect, useId, useRef, useState } from 'react';
import { useDesigner } from '../stores/designer-store';
import { usePresets } from '../stores/presets-store';
import { Icon } from './Icon';
import { PreviewAssetPicker } from './PreviewAssetPicker';

function previewState(rendering: boolean, problem: string | null, hasImage: boolean): string {
  if (rendering) return 'rendering';
  if (problem) return 'problem';
  return hasImage ? 'ready' : 'empty';
}

/**
 * The live preview: the engine draws the unsaved preset on the asset's preview image and answers a
 * JPEG, shown as is. The last picture stays while the next renders (a small badge says so), so dragging
 * a slider never blanks it. data-revision (the latest edit) and data-drawn-revision (the edit whose
 * picture finished loading) let tests and the benchmark see when a change is on screen.
 */
export function WatermarkPreviewPane() {
  const preview = useDesigner((s) => s.preview);
  const revision = useDesigner((s) => s.revision);
  const rendering = useDesigner((s) => s.rendering);
  const problem = useDesigner((s) => s.previewProblem);
  const renditionId = useDesigner((s) => s.previewRenditionId);
  const setPreviewRendition = useDesigner((s) => s.setPreviewRendition);
  const renditions = usePresets((s) => s.rendition);
  const [drawn, setDrawn] = useState<number | null>(null);
  // An answer identical to the picture shown (an edit and its undo) loads nothing: it is drawn already.
  const loadedSrc = useRef<string | null>(null);
  useEffect(() => {
    if (preview && preview.dataUrl === loadedSrc.current) setDrawn(preview.revision);
  }, [preview]);
  const selectId = useId();
  const state = previewState(rendering, problem, preview !== null);

  return (
    <section className="designer__preview" aria-label="Preview">
      <div className="designer__preview-bar">
        <div className="row">
          <label className="field__label" htmlFor={selectId}>
            Output
          </label>
          <select
            id={selectId}
            className="select select--compact"
            value={renditionId ?? ''}
            onChange={(e) => setPreviewRendition(e.target.value === '' ? null : e.target.value)}
            data-testid="preview-rendition-select"
          >
            <option value="">Preview image (2048 px)</option>
            {renditions.map((r) => (
              <option key={r.id} value={r.id}>
                As {r.name}
              </option>
            ))}
          </select>
        </div>
        <span className="designer__preview-stats muted" data-testid="watermark-preview-stats">
          {preview ? `${preview.width.toLocaleString()} × ${preview.height.toLocaleString()} px · drawn in ${Math.round(preview.renderMs)} ms` : ''}
        </span>
      </div>
      <figure className="designer-preview" data-state={state} data-revision={revision} data-drawn-revision={drawn ?? undefined} aria-busy={rendering} data-testid="watermark-preview">
        {preview ? (
          <img
            className="designer-preview__image"
            src={preview.dataUrl}
            width={preview.width}
            height={preview.height}
            alt="The watermark as it will look on the chosen image"
            draggable={false}
            onLoad={(e) => {
              loadedSrc.current = e.currentTarget.getAttribute('src');
              setDrawn(preview.revision);
            }}
            data-revision={preview.revision}
            data-testid="watermark-preview-image"
          />
        ) : null}
        {rendering ? (
          <span className="designer-preview__badge" data-testid="watermark-preview-rendering">
            Rendering…
          </span>
        ) : null}
        {problem ? (
          <p className="designer-preview__problem" role="status" data-testid="watermark-preview-problem">
            <Icon name="alert" /> {problem}
          </p>
        ) : null}
      </figure>
      {preview ? (
        <p className="field__hint designer__variables">
          {preview.variables.shop ? `{shop} is “${preview.variables.shop}”` : '{shop} is empty: set a shop name or a creator in Rights & ownership'}, {'{date}'} is {preview.variables.date}. In exports{' '}
          {'{recipient}'} and {'{shareId}'} are empty.
        </p>
      ) : null}
      <PreviewAssetPicker />
    </section>
  );
}
