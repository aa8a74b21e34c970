import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptBlob } from '../../electron/core/crypto/blob-format';
import { Vault } from '../../electron/core/vault/vault';
import { snapshotDir } from '../helpers/fs-snapshot';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * close() wipes the master key and the header key in place. Anything that re-seals the header after
 * that would wrap an all-zero "master key" and sign the header with an all-zero key, after which no
 * passphrase, recovery key or keychain entry opens the vault any more (HEADER_INVALID on every unlock).
 * A closed vault must refuse such changes (VAULT_LOCKED) and leave vault.json as it was. Its blob store
 * holds the same (wiped) key buffers, so it must refuse to write too: a blob sealed under the all-zero
 * content key, and named with the all-zero name key, is readable and recognisable by anyone.
 */
const PASSPHRASE = 'correct horse battery staple';

async function openVault() {
  const dir = path.join(makeTempDir('closed-vault'), 'vault');
  const { vault, recoveryKey } = await Vault.create(dir, { passphrase: PASSPHRASE, keychain: null });
  return { dir, vault, recoveryKey };
}

/** The vault still opens with both its passphrase and its recovery key. */
async function expectStillOpens(dir: string, recoveryKey: string, passphrase = PASSPHRASE): Promise<void> {
  for (const method of [{ kind: 'passphrase', passphrase } as const, { kind: 'recovery', recoveryKey } as const]) {
    const vault = await Vault.open(dir, method, null);
    vault.close();
  }
}

describe('a closed vault', () => {
  it('refuses changePassphrase with VAULT_LOCKED and leaves vault.json intact', async () => {
    const { dir, vault, recoveryKey } = await openVault();
    vault.close();
    const before = snapshotDir(dir);
    expect(await rejectionOf(vault.changePassphrase('a whole new passphrase'))).toMatchObject({ code: 'VAULT_LOCKED' });
    expect(snapshotDir(dir)).toEqual(before);
    await expectStillOpens(dir, recoveryKey);
  });

  it('refuses regenerateRecoveryKey with VAULT_LOCKED and leaves vault.json intact', async () => {
    const { dir, vault, recoveryKey } = await openVault();
    vault.close();
    const before = snapshotDir(dir);
    expect(await rejectionOf(vault.regenerateRecoveryKey())).toMatchObject({ code: 'VAULT_LOCKED' });
    expect(snapshotDir(dir)).toEqual(before);
    await expectStillOpens(dir, recoveryKey);
  });

  it('closing while changePassphrase is deriving its key does not leave an unopenable header', async () => {
    const { dir, vault, recoveryKey } = await openVault();
    const pending = vault.changePassphrase('a whole new passphrase'); // scrypt runs for a while...
    vault.close(); // ...and the vault auto-locks meanwhile
    const outcome = await pending.then(
      () => 'changed',
      (err: unknown) => (err as { code?: string }).code,
    );
    // Either the change completed with the real key, or it was refused; both leave a working vault.
    expect(['changed', 'VAULT_LOCKED']).toContain(outcome);
    await expectStillOpens(dir, recoveryKey, outcome === 'changed' ? 'a whole new passphrase' : PASSPHRASE);
  });

  it('refuses to store blobs: its wiped (all-zero) keys must never encrypt or name anything', async () => {
    const { dir, vault } = await openVault();
    vault.close();
    const before = snapshotDir(dir);
    const image = randomBytes(5000);
    const outcome = await rejectionOf(vault.blobs.put(image));
    // If a blob was written anyway, show what it means: anyone can decrypt it with the all-zero key.
    const written = Object.keys(snapshotDir(dir)).filter((f) => !(f in before) && /^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f));
    for (const file of written) {
      let readable = false;
      try {
        readable = decryptBlob(Buffer.alloc(32), readFileSync(path.join(dir, file))).equals(image);
      } catch {
        // BLOB_CORRUPT under the zero key: at least it was not sealed with it.
      }
      expect(readable, `${file} is readable with the all-zero key`).toBe(false);
    }
    expect(outcome).toMatchObject({ code: 'VAULT_LOCKED' });
    expect(snapshotDir(dir)).toEqual(before);
  });
});
