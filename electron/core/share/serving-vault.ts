import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import type { Vault } from '../vault/vault';

/**
 * What the share server reads a vault through: the folder (for share-blobs/), a catalog connection and
 * the shares subkey. An unlocked Vault is one; a ShareServingHandle is the narrower one the app's share
 * service keeps so links go on working after the library is locked.
 */
export type ShareServingVault = Pick<Vault, 'dir' | 'db' | 'sharesKey'>;

/**
 * A second, independent handle on an unlocked vault (Vault.openShareServing): its own catalog
 * connection and a copy of the shares subkey, nothing else. No master key and no blob keys: the
 * originals, previews and thumbnails stay unreadable through it, and share renditions need a link's
 * token anyway. Closing it closes the connection and wipes the key.
 */
export class ShareServingHandle implements ShareServingVault {
  private closed = false;

  constructor(
    readonly dir: string,
    readonly vaultId: string,
    readonly db: Database,
    private readonly key: Buffer,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /** A fresh copy, as Vault.sharesKey gives: the caller wipes it. */
  sharesKey(): Buffer {
    if (this.closed) throw new StrongroomError('VAULT_LOCKED', 'the share server has stopped serving this vault');
    return Buffer.from(this.key);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.key.fill(0);
  }
}
