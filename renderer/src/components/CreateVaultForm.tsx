import { useId, useState, type FormEvent } from 'react';
import { humanMessage } from '../lib/error-messages';
import { assessPassphrase } from '../lib/passphrase-strength';
import { useVault } from '../stores/vault-store';
import { PassphraseStrengthMeter } from './PassphraseStrengthMeter';
import { SecretField } from './SecretField';

/** New vault: the passphrase twice, with a strength hint; the engine answers with the recovery key. */
export function CreateVaultForm({ dir }: { dir: string }) {
  const create = useVault((s) => s.create);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { passphrase: useId(), confirmation: useId(), hint: useId(), mismatch: useId(), error: useId() };

  const hint = assessPassphrase(passphrase);
  const mismatch = confirmation.length > 0 && confirmation !== passphrase;
  const canSubmit = hint.acceptable && confirmation === passphrase && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    try {
      await create(passphrase);
    } catch (err) {
      setError(humanMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-describedby={error ? ids.error : undefined} data-testid="create-vault-form">
      <p className="muted">
        The vault will be created in <span className="path">{dir}</span>.
      </p>
      <SecretField
        id={ids.passphrase}
        label="Passphrase"
        value={passphrase}
        onChange={setPassphrase}
        autoComplete="new-password"
        describedBy={ids.hint}
        invalid={passphrase.length > 0 && !hint.acceptable}
        testId="create-passphrase"
      />
      <PassphraseStrengthMeter hint={hint} id={ids.hint} />
      <SecretField
        id={ids.confirmation}
        label="Passphrase again"
        value={confirmation}
        onChange={setConfirmation}
        autoComplete="new-password"
        describedBy={mismatch ? ids.mismatch : undefined}
        invalid={mismatch}
        testId="create-passphrase-confirm"
      />
      {mismatch ? (
        <p id={ids.mismatch} className="field__error" data-testid="create-passphrase-mismatch">
          The two passphrases are not the same.
        </p>
      ) : null}
      {error ? (
        <p id={ids.error} className="form-error" role="alert" data-testid="create-vault-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={!canSubmit} data-testid="create-vault-submit">
        {busy ? 'Creating the vault…' : 'Create vault'}
      </button>
    </form>
  );
}
