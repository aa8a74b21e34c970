import { useEffect, useId, useState, type FormEvent } from 'react';
import type { VaultState } from '../../../shared/api/schemas';
import { humanMessage } from '../lib/error-messages';
import { useVault, type UnlockMethod } from '../stores/vault-store';
import { Icon } from './Icon';
import { OpenVaultForm } from './OpenVaultForm';
import { SecretField } from './SecretField';

/**
 * A locked vault: passphrase, or the recovery key instead. When this device keeps the key in the
 * system keychain, that is tried once per launch first; a failure is silent and leaves this form.
 */
export function UnlockScreen({ vault }: { vault: VaultState }) {
  const unlock = useVault((s) => s.unlock);
  const tryKeychainOnce = useVault((s) => s.tryKeychainOnce);
  const keychainPending = useVault((s) => s.keychainPending);
  const hasPassphrase = vault.unlock?.passphrase ?? true;
  const hasRecovery = vault.unlock?.recoveryKey ?? true;
  const [method, setMethod] = useState<UnlockMethod>(hasPassphrase ? 'passphrase' : 'recovery');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [choosingFolder, setChoosingFolder] = useState(false);
  const fieldId = useId();
  const errorId = useId();

  useEffect(() => {
    void tryKeychainOnce();
  }, [tryKeychainOnce]);

  function switchMethod(next: UnlockMethod) {
    setMethod(next);
    setSecret('');
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!secret || busy) return;
    setBusy(true);
    setError(null);
    try {
      await unlock(method, method === 'recovery' ? secret.trim() : secret);
    } catch (err) {
      setError(humanMessage(err));
      setBusy(false);
    }
  }

  if (keychainPending) {
    return (
      <main className="center-screen" aria-busy="true">
        <p className="muted" role="status">
          Unlocking with the system keychain…
        </p>
      </main>
    );
  }

  return (
    <main className="center-screen" data-testid="unlock-screen">
      <div className="card card--narrow stack">
        <h1 className="card__title">
          <Icon name="lock" size={20} /> The vault is locked
        </h1>
        <p className="muted">
          <span className="path">{vault.dir}</span>
        </p>
        {choosingFolder ? (
          <>
            <OpenVaultForm onOpened={() => setChoosingFolder(false)} />
            <button type="button" className="link-button" onClick={() => setChoosingFolder(false)}>
              Back to unlocking
            </button>
          </>
        ) : (
          <form className="stack" onSubmit={submit}>
            <SecretField
              key={method}
              id={fieldId}
              label={method === 'passphrase' ? 'Passphrase' : 'Recovery key'}
              value={secret}
              onChange={setSecret}
              autoComplete={method === 'passphrase' ? 'current-password' : 'off'}
              autoFocus
              monospace={method === 'recovery'}
              placeholder={method === 'recovery' ? 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX' : undefined}
              describedBy={error ? errorId : undefined}
              invalid={error !== null}
              testId={method === 'passphrase' ? 'unlock-passphrase' : 'unlock-recovery-key'}
            />
            {error ? (
              <p id={errorId} className="form-error" role="alert" data-testid="unlock-error">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button button--primary" disabled={!secret || busy} data-testid="unlock-submit">
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
            <div className="row row--spread">
              {method === 'passphrase' && hasRecovery ? (
                <button type="button" className="link-button" onClick={() => switchMethod('recovery')} data-testid="unlock-use-recovery">
                  Forgot the passphrase? Use the recovery key
                </button>
              ) : null}
              {method === 'recovery' && hasPassphrase ? (
                <button type="button" className="link-button" onClick={() => switchMethod('passphrase')} data-testid="unlock-use-passphrase">
                  Use the passphrase
                </button>
              ) : null}
              <button type="button" className="link-button" onClick={() => setChoosingFolder(true)} data-testid="unlock-other-folder">
                Open another vault folder
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
