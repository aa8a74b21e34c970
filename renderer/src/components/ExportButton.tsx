import { formatCount } from '../lib/format';
import { isMac, PRIMARY_KEY_LABEL } from '../lib/platform';
import { isBusy, useExport } from '../stores/export-store';
import { useOverlay } from '../stores/overlay-store';
import { useSelection } from '../stores/selection-store';
import { Icon } from './Icon';

/** Opens the export dialog for the selection; while an export runs (dialog hidden) it shows progress and reopens it. */
export function openExport(): void {
  const { phase } = useExport.getState();
  if (!isBusy(phase) && phase !== 'done') {
    const ids = [...useSelection.getState().selected];
    if (ids.length === 0) return;
    useExport.getState().prepare(ids);
  }
  useOverlay.getState().show({ kind: 'export' });
}

export function ExportButton() {
  const count = useSelection((s) => s.selected.size);
  const phase = useExport((s) => s.phase);
  const progress = useExport((s) => s.progress);
  const filesTotal = useExport((s) => s.filesTotal);
  const running = isBusy(phase);
  const label = running ? `Exporting ${formatCount(progress?.filesDone ?? 0)}/${formatCount(progress?.filesTotal ?? filesTotal)}…` : phase === 'done' ? 'Export report' : 'Export…';
  return (
    <button
      type="button"
      className="button"
      onClick={openExport}
      disabled={!running && phase !== 'done' && count === 0}
      title={running || phase === 'done' ? 'Show the export' : `Export the selected images (${PRIMARY_KEY_LABEL}E)`}
      // The label is hidden in a narrow toolbar; the button keeps its name.
      aria-label={label}
      aria-keyshortcuts={isMac ? 'Meta+E' : 'Control+E'}
      data-testid="export-button"
    >
      <Icon name="export" /> <span className="button__label">{label}</span>
    </button>
  );
}
