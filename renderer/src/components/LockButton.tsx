import { isMac, PRIMARY_KEY_LABEL } from '../lib/platform';
import { useVault } from '../stores/vault-store';
import { Icon } from './Icon';

export function LockButton() {
  const lock = useVault((s) => s.lock);
  return (
    <button
      type="button"
      className="button"
      onClick={() => void lock()}
      title={`Lock the vault (${PRIMARY_KEY_LABEL}L)`}
      aria-label="Lock the vault"
      aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}
      data-testid="lock-button"
    >
      <Icon name="lock" /> <span className="button__label">Lock</span>
    </button>
  );
}
