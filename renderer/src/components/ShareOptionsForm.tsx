import { useEffect, useId } from 'react';
import { MAX_SHARE_NOTE, MAX_SHARE_PASSWORD, MAX_SHARE_TERMS } from '../../../shared/api/share-contract';
import { EXPIRY_CHOICES, type ExpiryChoice } from '../lib/share-form';
import { EXPIRY_PRESET_LABELS } from '../lib/share-labels';
import { usePresets } from '../stores/presets-store';
import { useShare } from '../stores/share-store';
import { ChoiceGroup } from './ChoiceGroup';
import { SecretField } from './SecretField';
import { TextInputField } from './TextInputField';
import { PresetSelectField } from './PresetSelectField';

const EXPIRY_LABELS: Readonly<Record<ExpiryChoice, string>> = { ...EXPIRY_PRESET_LABELS, date: 'Until…', never: 'Never' };

/** Every option of one link; filled from the default policy, which "Save as default" replaces. */
export function ShareOptionsForm() {
  const form = useShare((s) => s.form);
  const errors = useShare((s) => s.fieldErrors);
  const policyMessage = useShare((s) => s.policyMessage);
  const { setForm, createAdjusted, saveAsDefault } = useShare.getState();
  const renditions = usePresets((s) => s.rendition);
  const watermarks = usePresets((s) => s.watermark);
  const dateId = useId();
  const dateErrorId = useId();
  const passwordId = useId();

  useEffect(() => {
    void usePresets.getState().refresh();
  }, []);

  if (form === null) return <p className="muted">Loading the default options…</p>;
  return (
    <form
      id="share-form"
      className="share-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void createAdjusted();
      }}
      data-testid="share-form"
    >
      <ChoiceGroup legend="Expires after" value={form.expiry} options={EXPIRY_CHOICES} labels={EXPIRY_LABELS} onChange={(expiry) => setForm({ expiry })} testId="share-expiry-choice" />
      {errors.expiry ? <p className="field__error">{errors.expiry}</p> : null}
      {form.expiry === 'date' ? (
        <div className="field">
          <label className="field__label" htmlFor={dateId}>
            Works until
          </label>
          <input
            id={dateId}
            type="datetime-local"
            className="input"
            value={form.expiryDate}
            onChange={(e) => setForm({ expiryDate: e.target.value })}
            aria-invalid={errors.expiryDate ? true : undefined}
            aria-describedby={errors.expiryDate ? dateErrorId : undefined}
            data-testid="share-expiry-date"
          />
          {errors.expiryDate ? (
            <p id={dateErrorId} className="field__error">
              {errors.expiryDate}
            </p>
          ) : null}
        </div>
      ) : null}
      {form.expiry === 'never' ? <p className="field__hint share-form__never">This link will work until you revoke it. Choose this only for someone you trust with it indefinitely.</p> : null}

      <div className="row row--fields">
        <TextInputField label="Maximum views" value={form.maxViews} onChange={(maxViews) => setForm({ maxViews })} error={errors.maxViews} placeholder="No limit" maxLength={9} hint="Images shown, across the link's images." testId="share-max-views" />
        <TextInputField label="Maximum downloads" value={form.maxDownloads} onChange={(maxDownloads) => setForm({ maxDownloads })} error={errors.maxDownloads} placeholder="No limit" maxLength={9} testId="share-max-downloads" />
      </div>
      <label className="checkbox-row">
        <input type="checkbox" checked={form.viewOnly} onChange={(e) => setForm({ viewOnly: e.target.checked })} data-testid="share-view-only" />
        View only (no download button)
      </label>

      <SecretField id={passwordId} label="Password (optional)" value={form.password} onChange={(password) => setForm({ password: password.slice(0, MAX_SHARE_PASSWORD) })} autoComplete="new-password" testId="share-password" invalid={Boolean(errors.password)} />
      {errors.password ? <p className="field__error">{errors.password}</p> : null}

      <fieldset className="field field--plain share-form__group">
        <legend className="field__label">Recipient (shown in the watermark and the log)</legend>
        <div className="row row--fields">
          <TextInputField label="Name" value={form.recipientName} onChange={(recipientName) => setForm({ recipientName })} error={errors.recipientName} maxLength={200} testId="share-recipient-name" />
          <TextInputField label="Company" value={form.recipientCompany} onChange={(recipientCompany) => setForm({ recipientCompany })} error={errors.recipientCompany} maxLength={200} testId="share-recipient-company" />
        </div>
        <TextInputField label="E-mail" type="email" value={form.recipientEmail} onChange={(recipientEmail) => setForm({ recipientEmail })} error={errors.recipientEmail} maxLength={254} testId="share-recipient-email" />
      </fieldset>

      <div className="row row--fields">
        <PresetSelectField
          label="Rendition"
          value={form.renditionPresetId}
          presets={renditions}
          onChange={(renditionPresetId) => setForm({ renditionPresetId })}
          error={errors.renditionPresetId}
          testId="share-rendition"
        />
        <PresetSelectField
          label="Watermark"
          value={form.watermarkPresetId}
          presets={watermarks}
          onChange={(watermarkPresetId) => setForm({ watermarkPresetId })}
          emptyLabel="No watermark"
          error={errors.watermarkPresetId}
          testId="share-watermark"
        />
      </div>

      <TextInputField
        label="Terms of use (the recipient accepts them first)"
        value={form.terms}
        onChange={(terms) => setForm({ terms })}
        error={errors.terms}
        multiline
        maxLength={MAX_SHARE_TERMS}
        testId="share-terms"
      />
      <TextInputField label="Note (only you see it)" value={form.note} onChange={(note) => setForm({ note })} error={errors.note} multiline maxLength={MAX_SHARE_NOTE} testId="share-note" />

      <div className="row">
        <button type="button" className="button button--small" onClick={() => void saveAsDefault()} data-testid="share-save-default">
          Save as default for one-click Share
        </button>
        {policyMessage ? (
          <p className="field__hint" role="status" data-testid="share-policy-message">
            {policyMessage}
          </p>
        ) : null}
      </div>
    </form>
  );
}
