import { useState } from 'react';
import { hasUnsavedChanges, useDesigner } from '../stores/designer-store';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';

/** Save, revert, duplicate and delete for the preset being edited; errors that belong to no field show here. */
export function WatermarkEditorActions() {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const name = useDesigner((s) => s.saved?.name ?? s.form?.name ?? '');
  const isNew = useDesigner((s) => s.presetId === null);
  const unsaved = useDesigner(hasUnsavedChanges);
  const saving = useDesigner((s) => s.saving);
  const error = useDesigner((s) => s.error);
  const { discard, duplicate, remove } = useDesigner.getState();

  return (
    <div className="designer__actions">
      {error ? (
        <p className="form-error" role="alert" data-testid="watermark-error">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={saving || !unsaved} data-testid="watermark-save">
          <Icon name="check" /> {saving ? 'Saving…' : 'Save preset'}
        </button>
        {!isNew ? (
          <button type="button" className="button" onClick={discard} disabled={saving || !unsaved} data-testid="watermark-discard">
            Revert
          </button>
        ) : null}
        <span className="toolbar__spacer" />
        <button type="button" className="icon-button icon-button--bordered" aria-label="Duplicate this preset" title="Duplicate" onClick={duplicate} disabled={saving} data-testid="watermark-duplicate">
          <Icon name="copy" />
        </button>
        <button
          type="button"
          className="icon-button icon-button--bordered"
          aria-label={isNew ? 'Drop this new preset' : 'Delete this preset'}
          title={isNew ? 'Drop' : 'Delete'}
          onClick={() => setConfirmDelete(true)}
          disabled={saving}
          data-testid="watermark-delete"
        >
          <Icon name="trash" />
        </button>
      </div>
      {confirmDelete ? (
        <ConfirmDialog
          title={isNew ? 'Drop this new preset?' : `Delete “${name}”?`}
          confirmLabel={isNew ? 'Drop' : 'Delete'}
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void remove();
          }}
        >
          {isNew ? 'It was never saved.' : 'Exports that name this preset will no longer find it. Images already exported keep their mark.'}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
