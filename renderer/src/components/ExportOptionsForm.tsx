import { FILE_NAME_VARIABLES } from '../lib/imaging-labels';
import { describeRendition } from '../lib/rendition-form';
import { useExport } from '../stores/export-store';
import { usePresets } from '../stores/presets-store';
import { TextInputField } from './TextInputField';
import { PresetSelectField } from './PresetSelectField';

/** What an export is made with: a rendition, an optional watermark, file names and the folder. */
export function ExportOptionsForm() {
  const options = useExport((s) => s.options);
  const errors = useExport((s) => s.fieldErrors);
  const busy = useExport((s) => s.phase === 'starting');
  const setOptions = useExport((s) => s.setOptions);
  const renditions = usePresets((s) => s.rendition);
  const watermarks = usePresets((s) => s.watermark);
  const presetsError = usePresets((s) => s.error);
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
        <PresetSelectField
          label="Rendition"
          value={options.renditionPresetId ?? ''}
          presets={renditions}
          onChange={(renditionPresetId) => setOptions({ renditionPresetId })}
          unknownLabel={() => 'Loading presets…'}
          error={errors.renditionPresetId}
          hint={chosen ? describeRendition(chosen) : undefined}
          testId="export-rendition-select"
        />
        <PresetSelectField
          label="Watermark"
          value={options.watermarkPresetId ?? ''}
          presets={watermarks}
          onChange={(id) => setOptions({ watermarkPresetId: id === '' ? null : id })}
          emptyLabel="No watermark"
          error={errors.watermarkPresetId}
          testId="export-watermark-select"
        />
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
