import { useEffect } from 'react';
import { plural } from '../lib/format';
import { isBusy, useExport } from '../stores/export-store';
import { useOverlay } from '../stores/overlay-store';
import { usePresets } from '../stores/presets-store';
import { ExportOptionsForm } from './ExportOptionsForm';
import { ExportProgressView } from './ExportProgressView';
import { ExportReportView } from './ExportReportView';
import { ModalDialog } from './ModalDialog';

/**
 * Export of the selection: options, then progress, then the report. While it runs the dialog can be
 * hidden (the toolbar's Export button shows the progress and brings it back); closing after the report
 * returns to the options for the next export.
 */
export function ExportDialog() {
  const close = useOverlay((s) => s.close);
  const phase = useExport((s) => s.phase);
  const count = useExport((s) => s.assetIds.length);
  const error = useExport((s) => s.error);
  const { cancel, finish } = useExport.getState();

  useEffect(() => {
    void usePresets
      .getState()
      .refresh()
      .then(() => {
        const { defaults, rendition, watermark } = usePresets.getState();
        if (defaults) useExport.getState().applyDefaults(defaults, { rendition: rendition.map((p) => p.id), watermark: watermark.map((p) => p.id) });
      });
  }, []);

  const busy = isBusy(phase);
  const done = phase === 'done';
  const dismiss = () => {
    if (done) finish();
    close();
  };

  const footer = (
    <>
      {error ? (
        <p className="form-error dialog__footer-message" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : null}
      {phase === 'options' ? (
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="export-form" className="button button--primary" disabled={count === 0} data-testid="export-start">
            Export {plural(count, 'image')}
          </button>
        </>
      ) : null}
      {busy ? (
        <>
          <button type="button" className="button" onClick={close} data-testid="export-hide">
            Hide
          </button>
          <button type="button" className="button button--danger" onClick={() => void cancel()} disabled={phase !== 'running'} data-testid="export-cancel">
            {phase === 'cancelling' ? 'Cancelling…' : 'Cancel export'}
          </button>
        </>
      ) : null}
      {done ? (
        <button type="button" className="button button--primary" onClick={dismiss} autoFocus data-testid="export-close">
          Done
        </button>
      ) : null}
    </>
  );

  return (
    <ModalDialog title={`Export ${plural(count, 'image')}`} className="dialog--wide" onRequestClose={dismiss} footer={footer} testId="export-dialog">
      <div aria-live="polite" className="export-dialog__body">
        {phase === 'options' || phase === 'starting' ? <ExportOptionsForm /> : null}
        {busy ? <ExportProgressView /> : null}
        {done ? <ExportReportView /> : null}
      </div>
    </ModalDialog>
  );
}
