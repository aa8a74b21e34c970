import { useEffect, useState } from 'react';
import { describeRendition } from '../lib/rendition-form';
import { usePresets } from '../stores/presets-store';
import { renditionUnsaved, useRenditionEditor } from '../stores/rendition-editor-store';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';
import { RenditionPresetForm } from './RenditionPresetForm';

type Pending = { kind: 'switch'; id: string | null } | { kind: 'delete' } | { kind: 'restore' };

/**
 * Rendition presets: what an export's files look like. Built-ins can be changed and restored, not
 * deleted; the user's own can be deleted. Switching away from unsaved changes asks first.
 */
export function RenditionPresetsEditor() {
  const presets = usePresets((s) => s.rendition);
  const editor = useRenditionEditor();
  const unsaved = renditionUnsaved(editor);
  const [pending, setPending] = useState<Pending | null>(null);

  // Opening the tab edits the first preset (the list is loaded by the designer screen).
  useEffect(() => {
    const { form, edit } = useRenditionEditor.getState();
    if (form === null && presets.length > 0) edit(presets[0]!.id);
  }, [presets]);

  function choose(id: string | null) {
    if (id !== null && id === editor.presetId) return;
    if (unsaved) setPending({ kind: 'switch', id });
    else editor.edit(id);
  }

  function confirm() {
    if (!pending) return;
    if (pending.kind === 'switch') editor.edit(pending.id);
    else if (pending.kind === 'delete') void editor.remove();
    else void editor.restoreBuiltIn();
    setPending(null);
  }

  const name = editor.saved?.name ?? editor.form?.name ?? '';
  const question =
    pending?.kind === 'switch'
      ? { title: 'Drop the unsaved changes?', label: 'Drop changes', body: 'The rendition you are editing has changes that are not saved.' }
      : pending?.kind === 'delete'
        ? { title: `Delete “${name}”?`, label: 'Delete', body: 'Exports and scripts that name this preset will no longer find it.' }
        : { title: `Restore “${name}”?`, label: 'Restore', body: 'Its settings go back to what Strongroom ships with.' };

  return (
    <div className="designer designer--renditions">
      <nav className="preset-list" aria-label="Rendition presets">
        <div className="preset-list__header">
          <h3 className="sidebar__heading">Presets</h3>
          <button type="button" className="button button--small" onClick={() => choose(null)} data-testid="rendition-new">
            <Icon name="plus" /> New
          </button>
        </div>
        <ul className="nav-list" data-testid="rendition-preset-list">
          {presets.map((preset) => (
            <li key={preset.id} className={`nav-item${preset.id === editor.presetId ? ' nav-item--active' : ''}`}>
              <button
                type="button"
                className="nav-item__button nav-item__button--two-line"
                aria-current={preset.id === editor.presetId ? 'true' : undefined}
                onClick={() => choose(preset.id)}
                data-testid="rendition-preset-item"
                data-preset-id={preset.id}
              >
                <span className="nav-item__label">
                  {preset.name} {preset.builtIn ? <span className="badge badge--draft">Built in</span> : null}
                </span>
                <span className="nav-item__detail">{describeRendition(preset)}</span>
              </button>
            </li>
          ))}
          {editor.presetId === null && editor.form ? (
            <li className="nav-item nav-item--active">
              <span className="nav-item__button nav-item__button--static" aria-current="true">
                <span className="nav-item__label muted">New preset (unsaved)</span>
              </span>
            </li>
          ) : null}
        </ul>
      </nav>
      {editor.form ? (
        <form
          className="designer__editor"
          aria-label="Rendition settings"
          onSubmit={(e) => {
            e.preventDefault();
            void editor.save();
          }}
        >
          <RenditionPresetForm form={editor.form} onChange={editor.change} errors={editor.fieldErrors} />
          <div className="designer__actions">
            {editor.error ? (
              <p className="form-error" role="alert" data-testid="rendition-error">
                {editor.error}
              </p>
            ) : null}
            <div className="row">
              <button type="submit" className="button button--primary" disabled={editor.busy || !unsaved} data-testid="rendition-save">
                <Icon name="check" /> {editor.busy ? 'Saving…' : 'Save preset'}
              </button>
              {editor.presetId !== null ? (
                <button type="button" className="button" disabled={editor.busy || !unsaved} onClick={() => editor.edit(editor.presetId)} data-testid="rendition-discard">
                  Revert
                </button>
              ) : null}
              <span className="toolbar__spacer" />
              {editor.builtIn ? (
                <button type="button" className="button button--small" disabled={editor.busy} onClick={() => setPending({ kind: 'restore' })} data-testid="rendition-reset">
                  Restore default
                </button>
              ) : null}
              <button type="button" className="icon-button icon-button--bordered" aria-label="Duplicate this preset" title="Duplicate" disabled={editor.busy} onClick={editor.duplicate} data-testid="rendition-duplicate">
                <Icon name="copy" />
              </button>
              {!editor.builtIn ? (
                <button
                  type="button"
                  className="icon-button icon-button--bordered"
                  aria-label={editor.presetId === null ? 'Drop this new preset' : 'Delete this preset'}
                  title="Delete"
                  disabled={editor.busy}
                  onClick={() => (editor.presetId === null ? void editor.remove() : setPending({ kind: 'delete' }))}
                  data-testid="rendition-delete"
                >
                  <Icon name="trash" />
                </button>
              ) : null}
            </div>
            {editor.builtIn ? <p className="field__hint">A built-in preset: change it to suit your channels, or restore it; it cannot be deleted.</p> : null}
          </div>
        </form>
      ) : (
        <div className="designer__editor" aria-busy="true" />
      )}
      {pending ? (
        <ConfirmDialog title={question.title} confirmLabel={question.label} danger={pending.kind !== 'restore'} onCancel={() => setPending(null)} onConfirm={confirm}>
          {question.body}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
