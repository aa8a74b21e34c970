import { useId } from 'react';
import { FILE_NAME_VARIABLES } from '../lib/imaging-labels';
import { describeRendition } from '../lib/rendition-form';
import { useExport } from '../stores/export-store';
import { usePresets } from '../stores/presets-store';
import { TextInputField } from './TextInputField';

/** What an export is made with: a rendition, an optional watermark, file names and the folder. */
export function ExportOptionsForm() {
  const options = useExport((s) => s.options);
  const errors = useExport((s) => s.fieldErrors);
  const busy = useExport((s) => s.phase === 'starting');
  const setOptions = useExport((s) => s.setOptions);
  const renditions = usePresets((s) => s.rendition);
  const watermarks = usePresets((s) => s.watermark);
  const presetsError = usePresets((s) => s.error);
  const renditionId = useId();
  const watermarkId = useId();
  const chosen = renditions.find((r) => r.id === options.renditionPresetId);

  return (
    <form
      id="export-form"
      className="export-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void useExport.getState().start();
      }}
    >
      {presetsError ? <p className="form-error">{presetsError}</p> : null}
      <fieldset className="export-form__fields" disabled={busy}>
        <div className="field">
          <label className="field__label" htmlFor={renditionId}>
            Rendition
          </label>
          <select
            id={renditionId}
            className="select"
            value={options.renditionPresetId ?? ''}
            onChange={(e) => setOptions({ renditionPresetId: e.target.value })}
            aria-invalid={errors.renditionPresetId ? true : undefined}
            data-testid="export-rendition-select"
          >
            {options.renditionPresetId === null ? <option value="">Loading presets…</option> : null}
            {renditions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          {errors.renditionPresetId ? <p className="field__error">{errors.renditionPresetId}</p> : null}
          {chosen ? <p className="field__hint">{describeRendition(chosen)}</p> : null}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={watermarkId}>
            Watermark
          </label>
          <select
            id={watermarkId}
            className="select"
            value={options.watermarkPresetId ?? ''}
            onChange={(e) => setOptions({ watermarkPresetId: e.target.value === '' ? null : e.target.value })}
            data-testid="export-watermark-select"
          >
            <option value="">No watermark</option>
            {watermarks.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          {errors.watermarkPresetId ? <p className="field__error">{errors.watermarkPresetId}</p> : null}
        </div>
        <TextInputField
          label="File names"
          value={options.nameTemplate}
          onChange={(nameTemplate) => setOptions({ nameTemplate })}
          error={errors.nameTemplate}
          monospace
          maxLength={200}
          hint={`Variables: ${FILE_NAME_VARIABLES.map((v) => `{${v.name}} ${v.hint}`).join('; ')}. Names are made safe for every system and never overwrite a file.`}
          testId="export-name-template"
        />
        <TextInputField
          label="Folder"
          value={options.outDir}
          onChange={(outDir) => setOptions({ outDir })}
          error={errors.outDir}
          monospace
          maxLength={4096}
          placeholder="/home/you/Pictures/exports"
          hint="The full path of an existing folder on the computer running Strongroom."
          testId="export-out-dir"
        />
      </fieldset>
      <p className="field__hint">
        Each asset’s current version is exported: resized, its metadata removed, your rights profile written in. Nothing else leaves the vault.
      </p>
    </form>
  );
}
