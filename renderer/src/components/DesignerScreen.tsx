import { useEffect, useState } from 'react';
import { hasUnsavedChanges, useDesigner } from '../stores/designer-store';
import { useOverlay, type DesignerTab } from '../stores/overlay-store';
import { renditionUnsaved, useRenditionEditor } from '../stores/rendition-editor-store';
import { useSelection } from '../stores/selection-store';
import { ConfirmDialog } from './ConfirmDialog';
import { ModalDialog } from './ModalDialog';
import { RenditionPresetsEditor } from './RenditionPresetsEditor';
import { WatermarkDesigner } from './WatermarkDesigner';

const TABS: readonly { id: DesignerTab; label: string }[] = [
  { id: 'watermarks', label: 'Watermarks' },
  { id: 'renditions', label: 'Renditions' },
];

/** The first selected asset, if any: the designer previews on what the user is looking at. */
function firstSelected(): string | null {
  return useSelection.getState().selected.values().next().value ?? null;
}

/**
 * Watermark and rendition presets, full screen over the library. Closing with unsaved changes in
 * either tab asks first; closing forgets the designer's state and its preview.
 */
export function DesignerScreen({ tab }: { tab: DesignerTab }) {
  const show = useOverlay((s) => s.show);
  const close = useOverlay((s) => s.close);
  const watermarkUnsaved = useDesigner(hasUnsavedChanges);
  const renditionChanged = useRenditionEditor(renditionUnsaved);
  const unsaved = watermarkUnsaved || renditionChanged;
  const [confirmClose, setConfirmClose] = useState(false);

  useEffect(() => {
    void useDesigner.getState().begin(firstSelected());
    return () => {
      useDesigner.getState().end();
      useRenditionEditor.getState().end();
    };
  }, []);

  const requestClose = () => (unsaved ? setConfirmClose(true) : close());

  const tabs = (
    <div className="tabs" role="tablist" aria-label="Presets">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`designer-tab-${t.id}`}
          aria-selected={t.id === tab}
          aria-controls="designer-tabpanel"
          tabIndex={t.id === tab ? 0 : -1}
          className={`tabs__tab${t.id === tab ? ' tabs__tab--selected' : ''}`}
          onClick={() => show({ kind: 'designer', tab: t.id })}
          onKeyDown={(e) => {
            // Arrow keys move between tabs (the ARIA tabs pattern); Tab moves into the panel.
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            const next = TABS[(TABS.findIndex((x) => x.id === tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
            show({ kind: 'designer', tab: next.id });
            document.getElementById(`designer-tab-${next.id}`)?.focus();
          }}
          data-testid={`designer-tab-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );

  return (
    <ModalDialog title="Watermarks & renditions" className="dialog--screen" headerExtra={tabs} onRequestClose={requestClose} testId="designer-screen" closeTestId="designer-close">
      <div id="designer-tabpanel" role="tabpanel" aria-labelledby={`designer-tab-${tab}`} className="designer-screen__panel">
        {tab === 'watermarks' ? <WatermarkDesigner /> : <RenditionPresetsEditor />}
      </div>
      {confirmClose ? (
        <ConfirmDialog
          title="Close without saving?"
          confirmLabel="Close without saving"
          danger
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            setConfirmClose(false);
            close();
          }}
        >
          A preset has changes that are not saved.
        </ConfirmDialog>
      ) : null}
    </ModalDialog>
  );
}
