import { useId, useRef, useState } from 'react';
import { useVault } from '../stores/vault-store';
import { Icon } from './Icon';

type CopyState = 'idle' | 'copied' | 'select-manually';

/**
 * The recovery key, shown once. Continuing requires ticking "I saved it": without the key, a forgotten
 * passphrase means the photos are gone for good, and nobody (not us either) can help.
 */
export function RecoveryKeyScreen({ recoveryKey }: { recoveryKey: string }) {
  const acknowledge = useVault((s) => s.acknowledgeRecoveryKey);
  const [saved, setSaved] = useState(false);
  const [copy, setCopy] = useState<CopyState>('idle');
  const keyRef = useRef<HTMLElement>(null);
  const checkboxId = useId();

  async function copyKey() {
    try {
      await navigator.clipboard.writeText(recoveryKey);
      setCopy('copied');
    } catch {
      // No clipboard access (an insecure context, a denied permission): select it for Ctrl/⌘+C.
      const node = keyRef.current;
      if (node) window.getSelection()?.selectAllChildren(node);
      setCopy('select-manually');
    }
  }

  return (
    <main className="center-screen" data-testid="recovery-key-screen">
      <div className="card card--wide stack">
        <h1 className="card__title">
          <Icon name="key" size={20} /> Save your recovery key
        </h1>
        <p>
          If you ever forget your passphrase, this key is the only way back into the vault. Write it down or store it in
          a password manager, away from this computer. Strongroom will not show it again.
        </p>
        <code ref={keyRef} className="recovery-key" data-testid="recovery-key" aria-label="Recovery key">
          {recoveryKey}
        </code>
        <div className="row">
          <button type="button" className="button" onClick={copyKey} data-testid="recovery-key-copy">
            <Icon name={copy === 'copied' ? 'check' : 'copy'} /> {copy === 'copied' ? 'Copied' : 'Copy'}
          </button>
          <span className="muted" aria-live="polite">
            {copy === 'select-manually' ? 'Copying is not allowed here; the key is selected, press Ctrl+C or ⌘C.' : ''}
          </span>
        </div>
        <div className="checkbox-row">
          <input id={checkboxId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-key-saved" />
          <label htmlFor={checkboxId}>I saved my recovery key somewhere safe</label>
        </div>
        <button type="button" className="button button--primary" disabled={!saved} onClick={acknowledge} data-testid="recovery-key-continue">
          Continue to the vault
        </button>
      </div>
    </main>
  );
}
