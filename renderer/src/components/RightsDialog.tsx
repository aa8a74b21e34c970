import { useEffect, useId } from 'react';
import { DATA_MINING_LABELS, DATA_MINING_ORDER, type DataMining } from '../lib/imaging-labels';
import { useOverlay } from '../stores/overlay-store';
import { useRights, type RightsField } from '../stores/rights-store';
import { ModalDialog } from './ModalDialog';
import { TextInputField } from './TextInputField';

interface FieldSpec {
  readonly field: Exclude<RightsField, 'dataMining'>;
  readonly label: string;
  readonly hint?: string;
  readonly placeholder?: string;
  readonly type?: 'text' | 'url' | 'email';
  readonly multiline?: boolean;
  readonly maxLength: number;
}

const OWNER: readonly FieldSpec[] = [
  { field: 'creator', label: 'Creator', hint: 'The photographer or studio (EXIF Artist, XMP dc:creator).', maxLength: 200 },
  { field: 'copyrightNotice', label: 'Copyright notice', placeholder: '© 2025 Example Studio. All rights reserved.', maxLength: 500 },
  { field: 'creditLine', label: 'Credit line', hint: 'How the image should be credited when published.', maxLength: 200 },
  { field: 'webStatement', label: 'Web statement of rights', type: 'url', placeholder: 'https://example.com/image-licence', hint: 'A page that states the rights and how to license the image.', maxLength: 2000 },
];
const LICENSOR: readonly FieldSpec[] = [
  { field: 'licensorName', label: 'Licensor name', maxLength: 200 },
  { field: 'licensorUrl', label: 'Licensor URL', type: 'url', placeholder: 'https://example.com/licensing', maxLength: 2000 },
  { field: 'licensorEmail', label: 'Licensor email', type: 'email', placeholder: 'licensing@example.com', maxLength: 254 },
  { field: 'usageTerms', label: 'Usage terms', multiline: true, maxLength: 2000 },
];

/**
 * The rights profile every exported file carries (XMP IPTC Core/Extension, EXIF Artist/Copyright),
 * including the IPTC data-mining opt-out, and the shop name a watermark's {shop} shows. Every field's
 * problem is shown under it: checked against the contract first, then whatever the engine refuses.
 */
export function RightsDialog() {
  const close = useOverlay((s) => s.close);
  const status = useRights((s) => s.status);
  const loadError = useRights((s) => s.loadError);
  const form = useRights((s) => s.form);
  const errors = useRights((s) => s.fieldErrors);
  const saving = useRights((s) => s.saving);
  const saveError = useRights((s) => s.saveError);
  const { change, load, save } = useRights.getState();
  const miningId = useId();
  const miningHint = useId();

  useEffect(() => {
    void useRights.getState().load();
  }, []);

  const input = (spec: FieldSpec) => (
    <TextInputField
      key={spec.field}
      label={spec.label}
      value={form[spec.field]}
      onChange={(value) => change(spec.field, value)}
      error={errors[spec.field]}
      hint={spec.hint}
      placeholder={spec.placeholder}
      type={spec.type}
      multiline={spec.multiline}
      maxLength={spec.maxLength}
      testId={`rights-${spec.field}`}
    />
  );

  const footer = (
    <>
      {saveError ? (
        <p className="form-error dialog__footer-message" role="alert" data-testid="rights-save-error">
          {saveError}
        </p>
      ) : null}
      <button type="button" className="button" onClick={close} data-testid="rights-cancel">
        Cancel
      </button>
      <button type="submit" form="rights-form" className="button button--primary" disabled={status !== 'ready' || saving} data-testid="rights-save">
        {saving ? 'Saving…' : 'Save'}
      </button>
    </>
  );

  return (
    <ModalDialog title="Rights & ownership" className="dialog--wide" onRequestClose={close} footer={footer} testId="rights-dialog">
      {status === 'failed' ? (
        <div className="form-error" role="alert">
          {loadError}{' '}
          <button type="button" className="link-button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}
      <form
        id="rights-form"
        className="rights-form"
        aria-busy={status === 'loading'}
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (await save()) close();
        }}
      >
        <p className="muted">Written into every exported image, replacing whatever metadata the original carried. Leave a field empty to leave it out.</p>
        <fieldset className="rights-form__group" disabled={status !== 'ready'}>
          <legend className="detail__heading">Owner</legend>
          {OWNER.map(input)}
        </fieldset>
        <fieldset className="rights-form__group" disabled={status !== 'ready'}>
          <legend className="detail__heading">Licensing</legend>
          {LICENSOR.map(input)}
          <div className="field">
            <label className="field__label" htmlFor={miningId}>
              AI and data mining
            </label>
            <select
              id={miningId}
              className="select"
              value={form.dataMining}
              onChange={(e) => change('dataMining', e.target.value as DataMining | '')}
              aria-describedby={miningHint}
              aria-invalid={errors.dataMining ? true : undefined}
              data-testid="rights-dataMining"
            >
              <option value="">Not stated (nothing written)</option>
              {DATA_MINING_ORDER.map((v) => (
                <option key={v} value={v}>
                  {DATA_MINING_LABELS[v]}
                </option>
              ))}
            </select>
            {errors.dataMining ? <p className="field__error">{errors.dataMining}</p> : null}
            <p id={miningHint} className="field__hint">
              The IPTC Data Mining property (plus:DataMining): whether the image may be used to train AI or be mined for data.
            </p>
          </div>
          {input({ field: 'otherConstraints', label: 'Other constraints', multiline: true, maxLength: 4000, hint: 'Say what applies when you choose “see other constraints”.' })}
        </fieldset>
        <fieldset className="rights-form__group" disabled={status !== 'ready'}>
          <legend className="detail__heading">Watermarks</legend>
          {input({ field: 'shopName', label: 'Shop name', maxLength: 200, hint: 'What {shop} in a watermark shows. Empty: the creator.' })}
        </fieldset>
      </form>
    </ModalDialog>
  );
}
