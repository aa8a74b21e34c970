import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index';
import { createSafeStorageDriver, SAFE_STORAGE_FILE, type SafeStorageLike } from '../../electron/main/safe-storage-driver';
import { TEST_PASSPHRASE } from '../helpers/vault';

/**
 * A fake safeStorage (the real one needs Electron and an OS keyring): "encryption" is a keyed XOR
 * with a marker, enough to show the driver stores only what safeStorage returned and hands back what
 * it decrypts.
 */
function fakeSafeStorage(options: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike & { calls: number } {
  const key = options.key ?? 0x5a;
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(plain: string) {
      fake.calls += 1;
      return Buffer.concat([Buffer.from([0xfa, key]), Buffer.from(plain, 'utf8').map((b) => b ^ key)]);
    },
    decryptString(sealed: Buffer) {
      if (sealed[0] !== 0xfa || sealed[1] !== key) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(sealed.subarray(2).map((b) => b ^ key)).toString('utf8');
    },
  };
  return fake;
}

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'strongroom-safe-storage-'));
const secret = Buffer.from('c2VjcmV0IHNsb3Qga2V5IGJ5dGVzIQ', 'base64');

describe('safeStorage keychain driver (with a fake safeStorage)', () => {
  it('stores, finds and deletes secrets in a private JSON file holding only sealed values', async () => {
    const dir = tempDir();
    const driver = createSafeStorageDriver(fakeSafeStorage(), dir, 'linux');
    expect(driver.name).toBe('safe-storage');
    expect(await driver.isAvailable()).toBe(true);
    expect(await driver.getSecret('vault-a-1')).toBeNull();

    await driver.setSecret('vault-a-1', secret);
    await driver.setSecret('vault-b-2', Buffer.from([1, 2, 3]));
    expect(await driver.getSecret('vault-a-1')).toEqual(secret);
    expect(await driver.getSecret('vault-b-2')).toEqual(Buffer.from([1, 2, 3]));

    const file = path.join(dir, SAFE_STORAGE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret.toString('base64'));
    expect(text).not.toContain(secret.toString('hex'));
    expect(Object.keys((JSON.parse(text) as { secrets: object }).secrets).sort()).toEqual(['vault-a-1', 'vault-b-2']);

    expect(await driver.deleteSecret('vault-a-1')).toBe(true);
    expect(await driver.deleteSecret('vault-a-1')).toBe(false);
    expect(await driver.getSecret('vault-a-1')).toBeNull();
    expect(await driver.getSecret('vault-b-2')).toEqual(Buffer.from([1, 2, 3]));
  });

  it('does not lose entries when writes overlap', async () => {
    const dir = tempDir();
    const driver = createSafeStorageDriver(fakeSafeStorage(), dir, 'linux');
    await Promise.all(Array.from({ length: 20 }, (_, i) => driver.setSecret(`vault-x-${i}`, Buffer.from([i]))));
    for (let i = 0; i < 20; i += 1) expect(await driver.getSecret(`vault-x-${i}`)).toEqual(Buffer.from([i]));
  });

  it('never reads inherited object properties as accounts', async () => {
    const driver = createSafeStorageDriver(fakeSafeStorage(), tempDir(), 'linux');
    await driver.setSecret('vault-a-1', secret);
    for (const account of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await driver.getSecret(account)).toBeNull();
      expect(await driver.deleteSecret(account)).toBe(false);
    }
  });

  it("is unavailable without encryption, and with Linux's hard-coded-password backend", async () => {
    expect(await createSafeStorageDriver(fakeSafeStorage({ available: false }), tempDir(), 'darwin').isAvailable()).toBe(false);
    expect(await createSafeStorageDriver(fakeSafeStorage({ backend: 'basic_text' }), tempDir(), 'linux').isAvailable()).toBe(false);
    expect(await createSafeStorageDriver(fakeSafeStorage({ backend: 'unknown' }), tempDir(), 'linux').isAvailable()).toBe(false);
    expect(await createSafeStorageDriver(fakeSafeStorage({ backend: 'kwallet6' }), tempDir(), 'linux').isAvailable()).toBe(true);
    // The backend only exists on Linux; elsewhere it is not consulted.
    expect(await createSafeStorageDriver(fakeSafeStorage({ backend: 'basic_text' }), tempDir(), 'win32').isAvailable()).toBe(true);
  });

  it('refuses to store or read while unavailable, with the keychain error the engine reports', async () => {
    const fake = fakeSafeStorage({ backend: 'basic_text' });
    const driver = createSafeStorageDriver(fake, tempDir(), 'linux');
    await expect(driver.setSecret('vault-a-1', secret)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(driver.getSecret('vault-a-1')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(fake.calls).toBe(0);
  });

  it('reports a damaged file or a key it cannot decrypt as KEYCHAIN_UNAVAILABLE', async () => {
    const dir = tempDir();
    await createSafeStorageDriver(fakeSafeStorage({ key: 1 }), dir, 'linux').setSecret('vault-a-1', secret);
    // Another OS key (e.g. the file copied from another machine) cannot open it.
    await expect(createSafeStorageDriver(fakeSafeStorage({ key: 2 }), dir, 'linux').getSecret('vault-a-1')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    for (const damage of ['{', '[]', '{"version":2,"secrets":{}}', '{"version":1,"secrets":{"a":1}}']) {
      writeFileSync(path.join(dir, SAFE_STORAGE_FILE), damage);
      await expect(createSafeStorageDriver(fakeSafeStorage(), dir, 'linux').getSecret('a')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    }
  });

  it('unlocks a vault through the engine, in a slot named after safe-storage', async () => {
    const userData = tempDir();
    const vaultDir = path.join(tempDir(), 'vault');
    const core = createCore({ keychain: createSafeStorageDriver(fakeSafeStorage(), userData, 'linux') });
    const { vault } = await core.createVault(vaultDir, { passphrase: TEST_PASSPHRASE });
    vault.close();
    expect((await core.inspectVault(vaultDir)).keychain).toEqual([expect.objectContaining({ driver: 'safe-storage' })]);
    const reopened = await core.openVault(vaultDir, { kind: 'keychain' });
    reopened.close();
  });
});
