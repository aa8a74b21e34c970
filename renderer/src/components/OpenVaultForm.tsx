import { useId, useState, type FormEvent } from 'react';
import { humanMessage } from '../lib/error-messages';
import { useVault } from '../stores/vault-store';

/**
 * Point Strongroom at a vault folder that already exists (a copy from another computer, a synced
 * folder). A path field: the browser shell cannot offer a folder picker, and typing works in both shells.
 */
export function OpenVaultForm({ initialDir = '', onOpened }: { initialDir?: string; onOpened?: () => void }) {
  const select = useVault((s) => s.select);
  const [dir, setDir] = useState(initialDir);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const inputId = useId();
  const messageId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = dir.trim();
    if (!trimmed) return;
    setBusy(true);
    setMessage(null);
    try {
      const state = await select(trimmed);
      if (state.state === 'none') setMessage('There is no vault in that folder yet. Check the path, or create a new vault there.');
      else onOpened?.();
    } catch (err) {
      setMessage(humanMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} data-testid="open-vault-form">
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Vault folder
        </label>
        <input
          id={inputId}
          className="input input--mono"
          value={dir}
          onChange={(e) => setDir(e.target.value)}
          placeholder="/path/to/Strongroom/vault"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={message ? messageId : undefined}
          data-testid="open-vault-path"
        />
      </div>
      {message ? (
        <p id={messageId} className="form-error" role="alert" data-testid="open-vault-error">
          {message}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy || dir.trim() === ''} data-testid="open-vault-submit">
        {busy ? 'Opening…' : 'Open vault folder'}
      </button>
    </form>
  );
}
