import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index';
import { inspectVault, Vault, type UnlockMethod } from '../../electron/core/vault/vault';
import { snapshotDir } from '../helpers/fs-snapshot';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * Creating and unlocking real vaults (scrypt, SQLCipher catalog, files in a temp dir) with the
 * passphrase and the recovery key; no keychain here (tests/keys/keychain.test.ts covers that).
 */
const PASSPHRASE = 'correct horse battery staple';
const core = createCore({ keychain: null });

async function newVault(passphrase = PASSPHRASE) {
  const dir = path.join(makeTempDir('unlock'), 'vault');
  const created = await core.createVault(dir, { passphrase });
  const vaultId = created.vault.id;
  created.vault.close();
  return { dir, vaultId, recoveryKey: created.recoveryKey, keychainError: created.keychainError };
}

/** Opens, checks it is the right vault, closes. */
async function expectOpens(dir: string, method: UnlockMethod, vaultId: string): Promise<void> {
  const vault = await core.openVault(dir, method);
  try {
    expect(vault.id).toBe(vaultId);
    expect(vault.db.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toMatchObject({ n: expect.any(Number) });
  } finally {
    vault.close();
  }
}

const pass = (passphrase: string) => ({ kind: 'passphrase', passphrase }) as const;
const recovery = (recoveryKey: string) => ({ kind: 'recovery', recoveryKey }) as const;

describe('vault unlock', () => {
  it('create with a passphrase (no keychain), then open with it; status shows passphrase and recovery key', async () => {
    const { dir, vaultId, recoveryKey, keychainError } = await newVault();
    expect(keychainError).toBeNull();
    expect(recoveryKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/);
    const status = await inspectVault(dir);
    expect(status).toEqual({
      vaultId,
      passphrase: true,
      recoveryKey: { exists: true, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      keychain: [],
    });
    const vault = await core.openVault(dir, pass(PASSPHRASE));
    expect(vault.unlockStatus()).toEqual(status);
    vault.close();
    // The passphrase, the recovery key and the master key appear nowhere in the header in the clear.
    const header = readFileSync(path.join(dir, 'vault.json'), 'utf8');
    expect(header).not.toContain(PASSPHRASE);
    expect(header.replace(/-/g, '')).not.toContain(recoveryKey.replace(/-/g, ''));
  });

  it('a wrong passphrase is WRONG_PASSPHRASE and changes no file', async () => {
    const { dir } = await newVault();
    const before = snapshotDir(dir);
    const headerBytes = await fsp.readFile(path.join(dir, 'vault.json'));
    for (const wrong of ['correct horse battery stapler', 'Correct horse battery staple', '']) {
      expect(await rejectionOf(core.openVault(dir, pass(wrong)))).toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    expect((await fsp.readFile(path.join(dir, 'vault.json'))).equals(headerBytes)).toBe(true);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('opens with the printed recovery key, also typed in lowercase without dashes', async () => {
    const { dir, vaultId, recoveryKey } = await newVault();
    await expectOpens(dir, recovery(recoveryKey), vaultId);
    await expectOpens(dir, recovery(recoveryKey.toLowerCase().replace(/-/g, ' ')), vaultId);
  });

  it("another vault's recovery key is WRONG_RECOVERY_KEY; a typo is RECOVERY_KEY_MALFORMED", async () => {
    const a = await newVault();
    const b = await newVault();
    const before = snapshotDir(a.dir);
    expect(await rejectionOf(core.openVault(a.dir, recovery(b.recoveryKey)))).toMatchObject({ code: 'WRONG_RECOVERY_KEY' });
    const last = a.recoveryKey.at(-1) === '7' ? '8' : '7';
    const typo = `${a.recoveryKey.slice(0, -1)}${last}`;
    expect(await rejectionOf(core.openVault(a.dir, recovery(typo)))).toMatchObject({
      code: 'RECOVERY_KEY_MALFORMED',
      message: expect.stringMatching(/typo/),
    });
    expect(snapshotDir(a.dir)).toEqual(before);
  });

  it('changePassphrase: the old passphrase stops working, the new one works, the recovery key still works', async () => {
    const { dir, vaultId, recoveryKey } = await newVault();
    const vault = await core.openVault(dir, pass(PASSPHRASE));
    await vault.changePassphrase('a whole new passphrase');
    expect(vault.unlockStatus().recoveryKey.exists).toBe(true);
    vault.close();
    expect(await rejectionOf(core.openVault(dir, pass(PASSPHRASE)))).toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expectOpens(dir, pass('a whole new passphrase'), vaultId);
    await expectOpens(dir, recovery(recoveryKey), vaultId);
    expect((await inspectVault(dir)).passphrase).toBe(true);
  });

  it('changePassphrase refuses a too-short passphrase and leaves the header alone', async () => {
    const { dir, vaultId } = await newVault();
    const vault = await core.openVault(dir, pass(PASSPHRASE));
    const before = await fsp.readFile(path.join(dir, 'vault.json'));
    expect(await rejectionOf(vault.changePassphrase('short'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await fsp.readFile(path.join(dir, 'vault.json'))).equals(before)).toBe(true);
    vault.close();
    await expectOpens(dir, pass(PASSPHRASE), vaultId);
  });

  it('regenerateRecoveryKey: the old key stops working, the new one and the passphrase work', async () => {
    const { dir, vaultId, recoveryKey } = await newVault();
    const vault = await core.openVault(dir, recovery(recoveryKey));
    const statusBefore = vault.unlockStatus();
    const fresh = await vault.regenerateRecoveryKey();
    expect(fresh).not.toBe(recoveryKey);
    expect(fresh).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/);
    expect(vault.unlockStatus().recoveryKey.exists).toBe(true);
    expect(vault.unlockStatus().vaultId).toBe(statusBefore.vaultId);
    vault.close();
    expect(await rejectionOf(core.openVault(dir, recovery(recoveryKey)))).toMatchObject({ code: 'WRONG_RECOVERY_KEY' });
    await expectOpens(dir, recovery(fresh), vaultId);
    await expectOpens(dir, pass(PASSPHRASE), vaultId);
  });

  it('create over an existing vault is VAULT_EXISTS and changes nothing', async () => {
    const { dir, vaultId } = await newVault();
    const before = snapshotDir(dir);
    expect(await rejectionOf(core.createVault(dir, { passphrase: 'another passphrase' }))).toMatchObject({ code: 'VAULT_EXISTS' });
    expect(await rejectionOf(Vault.create(dir, { passphrase: PASSPHRASE, keychain: null }))).toMatchObject({ code: 'VAULT_EXISTS' });
    expect(snapshotDir(dir)).toEqual(before);
    await expectOpens(dir, pass(PASSPHRASE), vaultId);
  });

  it('create where only a catalog.db is left (interrupted set-up) is VAULT_EXISTS and changes nothing', async () => {
    const { dir } = await newVault();
    await fsp.rm(path.join(dir, 'vault.json'));
    const before = snapshotDir(dir);
    expect(await rejectionOf(core.createVault(dir, { passphrase: PASSPHRASE }))).toMatchObject({ code: 'VAULT_EXISTS' });
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('create with a too-short passphrase is INVALID_ARGUMENT and creates nothing', async () => {
    const parent = makeTempDir('unlock');
    expect(await rejectionOf(core.createVault(path.join(parent, 'vault'), { passphrase: 'seven77' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(snapshotDir(parent)).toEqual({});
  });

  it('open of an empty or missing folder is VAULT_NOT_FOUND and creates nothing', async () => {
    const empty = makeTempDir('unlock');
    for (const dir of [empty, path.join(empty, 'nope')]) {
      for (const method of [pass(PASSPHRASE), recovery('0'.repeat(40)), { kind: 'keychain' } as const]) {
        expect(await rejectionOf(core.openVault(dir, method))).toMatchObject({ code: 'VAULT_NOT_FOUND' });
      }
      expect(await rejectionOf(inspectVault(dir))).toMatchObject({ code: 'VAULT_NOT_FOUND' });
    }
    expect(snapshotDir(empty)).toEqual({});
  });

  it('a header whose catalog.db was deleted is refused, and no catalog.db is created', async () => {
    const { dir } = await newVault();
    await fsp.rm(path.join(dir, 'catalog.db'));
    const before = snapshotDir(dir);
    expect(Object.keys(before).filter((f) => f.startsWith('catalog'))).toEqual([]);
    const err = await rejectionOf(core.openVault(dir, pass(PASSPHRASE)));
    expect(err).toMatchObject({ code: 'VAULT_NOT_FOUND', message: expect.stringMatching(/catalog/) });
    expect(existsSync(path.join(dir, 'catalog.db'))).toBe(false);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it("a catalog.db replaced by another vault's catalog is CATALOG_WRONG_KEY", async () => {
    const a = await newVault();
    const b = await newVault();
    await fsp.copyFile(path.join(b.dir, 'catalog.db'), path.join(a.dir, 'catalog.db'));
    const before = snapshotDir(a.dir);
    expect(await rejectionOf(core.openVault(a.dir, pass(PASSPHRASE)))).toMatchObject({ code: 'CATALOG_WRONG_KEY' });
    expect(snapshotDir(a.dir)).toEqual(before);
  });

  it('keychain unlock on a vault created without a keychain is KEYCHAIN_EMPTY', async () => {
    const { dir } = await newVault();
    expect(await rejectionOf(core.openVault(dir, { kind: 'keychain' }))).toMatchObject({ code: 'KEYCHAIN_EMPTY' });
  });
});
