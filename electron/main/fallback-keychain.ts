import type { KeychainDriver } from '../core/keys/keychain';

/**
 * The desktop app's keychain: the system keychain (keytar) when it answers, else Electron's safeStorage,
 * else none (the passphrase still works). The choice is made once at start-up and the chosen driver is
 * returned as it is, so its `name`, which every keychain slot records, always names the store that
 * really holds the secret: a slot written through safeStorage is never looked up in keytar, or the
 * other way round.
 */
export async function createFallbackKeychain(primary: KeychainDriver, fallback: KeychainDriver): Promise<KeychainDriver | null> {
  for (const driver of [primary, fallback]) {
    if (await driver.isAvailable().catch(() => false)) return driver;
  }
  return null;
}
