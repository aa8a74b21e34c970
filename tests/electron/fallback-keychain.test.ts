import { describe, expect, it } from 'vitest';
import type { KeychainDriver } from '../../electron/core/keys/keychain';
import { createFallbackKeychain } from '../../electron/main/fallback-keychain';

/** A fake driver that only answers isAvailable; the choice never touches secrets. */
function fakeDriver(name: string, available: boolean | 'throws'): KeychainDriver {
  const refuse = () => Promise.reject(new Error('not used in this test'));
  return {
    name,
    description: name,
    isAvailable: () => (available === 'throws' ? Promise.reject(new Error('D-Bus went away')) : Promise.resolve(available)),
    getSecret: refuse,
    setSecret: refuse,
    deleteSecret: refuse,
  };
}

describe('createFallbackKeychain', () => {
  it('prefers the system keychain, returning it unchanged so slots keep its name', async () => {
    const keytar = fakeDriver('keytar', true);
    expect(await createFallbackKeychain(keytar, fakeDriver('safe-storage', true))).toBe(keytar);
  });

  it('falls back to safeStorage when the system keychain is unavailable or fails to answer', async () => {
    const safe = fakeDriver('safe-storage', true);
    expect(await createFallbackKeychain(fakeDriver('keytar', false), safe)).toBe(safe);
    expect(await createFallbackKeychain(fakeDriver('keytar', 'throws'), safe)).toBe(safe);
  });

  it('gives no keychain when neither is usable (the passphrase still works)', async () => {
    expect(await createFallbackKeychain(fakeDriver('keytar', false), fakeDriver('safe-storage', 'throws'))).toBeNull();
  });
});
