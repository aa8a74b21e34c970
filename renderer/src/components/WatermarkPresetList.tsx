import { useState } from 'react';
import { hasUnsavedChanges, useDesigner } from '../stores/designer-store';
import { usePresets } from '../stores/presets-store';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';

/** The saved watermark presets; choosing another (or a new one) with unsaved changes asks first. */
export function WatermarkPresetList() {
  const presets = usePresets((s) => s.watermark);
  const loadError = usePresets((s) => s.error);
  const presetId = useDesigner((s) => s.presetId);
  const editing = useDesigner((s) => s.form !== null);
  const unsaved = useDesigner(hasUnsavedChanges);
  const edit = useDesigner((s) => s.edit);
  /** The preset to switch to once the user agrees to drop the changes (null: a new preset). */
  const [pending, setPending] = useState<{ id: string | null } | null>(null);

  function choose(id: string | null) {
    if (id !== null && id === presetId) return;
    if (unsaved) setPending({ id });
    else edit(id);
  }

  return (
    <nav className="preset-list" aria-label="Watermark presets">
      <div className="preset-list__header">
        <h3 className="sidebar__heading">Presets</h3>
        <button type="button" className="button button--small" onClick={() => choose(null)} disabled={!editing} data-testid="watermark-new">
          <Icon name="plus" /> New
        </button>
      </div>
      {loadError ? <p className="field__error">{loadError}</p> : null}
      <ul className="nav-list" data-testid="watermark-preset-list">
        {presets.map((preset) => (
          <li key={preset.id} className={`nav-item${preset.id === presetId ? ' nav-item--active' : ''}`}>
            <button
              type="button"
              className="nav-item__button"
              aria-current={preset.id === presetId ? 'true' : undefined}
              onClick={() => choose(preset.id)}
              data-testid="watermark-preset-item"
              data-preset-id={preset.id}
            >
              <span className="nav-item__label">{preset.name}</span>
            </button>
          </li>
        ))}
        {presetId === null && editing ? (
          <li className="nav-item nav-item--active">
            <span className="nav-item__button nav-item__button--static" aria-current="true">
              <span className="nav-item__label muted">New preset (unsaved)</span>
            </span>
          </li>
        ) : null}
      </ul>
      {presets.length === 0 && loadError === null ? <p className="sidebar__hint">No presets yet: design one and save it.</p> : null}
      {pending ? (
        <ConfirmDialog
          title="Drop the unsaved changes?"
          confirmLabel="Drop changes"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            edit(pending.id);
            setPending(null);
          }}
        >
          The watermark you are editing has changes that are not saved.
        </ConfirmDialog>
      ) : null}
    </nav>
  );
}
