import { formatCount } from '../lib/format';
import { isMac, PRIMARY_KEY_LABEL } from '../lib/platform';
import { useOverlay } from '../stores/overlay-store';
import { useSelection } from '../stores/selection-store';
import { useShare } from '../stores/share-store';
import { Icon } from './Icon';

/** One click: a link to the selection with the vault's default policy, on the clipboard, in a dialog with its QR code. */
export function openShare(): void {
  const ids = [...useSelection.getState().selected];
  if (ids.length === 0) return;
  useShare.getState().reset();
  useOverlay.getState().show({ kind: 'share' });
  void useShare.getState().start(ids);
}

export function ShareButton() {
  const count = useSelection((s) => s.selected.size);
  const label = count > 1 ? `Share ${formatCount(count)}` : 'Share';
  return (
    <button
      type="button"
      className="button"
      onClick={openShare}
      disabled={count === 0}
      title={`Make an expiring link to the selected images and copy it (${PRIMARY_KEY_LABEL}${isMac ? '⇧' : 'Shift+'}S)`}
      aria-label={label}
      aria-keyshortcuts={isMac ? 'Meta+Shift+S' : 'Control+Shift+S'}
      data-testid="share-button"
    >
      <Icon name="link" /> <span className="button__label">{label}</span>
    </button>
  );
}
