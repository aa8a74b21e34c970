/**
 * Where a device keeps the secret that opens its vault without a passphrase. The engine only sees this
 * interface; the OS keychain (keytar) lives here in the core, Electron's safeStorage arrives with the
 * desktop shell as another implementation, and tests may pass an in-memory one (named as a fake).
 */
export interface KeychainDriver {
  /** Stable identifier recorded in the vault header, e.g. "keytar" or "safe-storage". */
  readonly name: string;
  /** Human description for messages, e.g. "the system keychain". */
  readonly description: string;
  isAvailable(): Promise<boolean>;
  getSecret(account: string): Promise<Buffer | null>;
  setSecret(account: string, secret: Buffer): Promise<void>;
  deleteSecret(account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Strongroom';
