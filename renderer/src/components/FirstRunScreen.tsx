import type { VaultState } from '../../../shared/api/schemas';
import { CreateVaultForm } from './CreateVaultForm';
import { Icon } from './Icon';
import { OpenVaultForm } from './OpenVaultForm';

/** No vault in the configured folder: create one there, or point at an existing one. */
export function FirstRunScreen({ vault }: { vault: VaultState }) {
  return (
    <main className="center-screen" data-testid="first-run-screen">
      <div className="welcome">
        <header className="welcome__header">
          <Icon name="shield" size={40} />
          <h1 className="welcome__title">Welcome to Strongroom</h1>
          <p className="muted">An encrypted library for your product photos, on this computer.</p>
        </header>
        <div className="welcome__choices">
          <section className="card stack" aria-labelledby="create-vault-title">
            <h2 id="create-vault-title" className="card__title">
              Create a vault
            </h2>
            <CreateVaultForm dir={vault.dir} />
          </section>
          <section className="card stack" aria-labelledby="open-vault-title">
            <h2 id="open-vault-title" className="card__title">
              Open an existing vault folder
            </h2>
            <p className="muted">Already have a vault, for example copied from another computer? Enter its folder.</p>
            <OpenVaultForm />
          </section>
        </div>
      </div>
    </main>
  );
}
